/**
 * What the delete workflows report: the same summary for Woodpecker v1, the
 * agency "delete ALL", and the Leads API, in the app and in the CLI.
 */

/** The kinds of destructive run, each with its own backup and journal. */
export const DELETE_RUN_KINDS = ['prospects', 'agency-all', 'leads'] as const;
export type DeleteRunKind = (typeof DELETE_RUN_KINDS)[number];

export interface DeleteSummary {
  runId: string;
  /** Targets asked for (ids or emails, unique). */
  targets: number;
  /** Records in the verified backup. */
  backedUp: number;
  deleted: number;
  /** Targets the account no longer had when they were read: reported, not dropped. */
  notFound: number;
  failed: number;
  /** Sent, outcome not known and not yet reconciled: the run is not finished. */
  unknown: number;
  /** Requests of this run (reads, writes and reconciling reads). */
  requests: number;
  /** Path of the backup's manifest. */
  backup: string;
}

/** One request a run would send (the dry run shows these). */
export interface PlannedRequest {
  method: 'DELETE' | 'POST' | 'PUT';
  url: string;
  /** How many targets it covers. */
  targets: number;
}
