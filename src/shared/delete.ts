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

/** What the confirmation step shows after the backup verified. */
export interface PreparedDelete {
  runId: string;
  connection: { id: string; label: string; companyId?: number };
  targets: number;
  backedUp: number;
  /** The first targets the account did not have (up to 100), and how many in all. */
  notFound: string[];
  notFoundCount: number;
  /** Global delete when absent. */
  campaignIds?: number[];
  /**
   * Campaign removal: the first backed-up prospects in none of the campaigns
   * (up to 100), and how many in all. They are not sent, and are reported
   * as "not in those campaigns", never as removed.
   */
  notInCampaigns?: string[];
  notInCampaignsCount?: number;
  /** The ids to delete, as the confirmation sends them back. */
  ids: string[];
  /** The dry run: every request, in order. */
  requests: PlannedRequest[];
  backup: { manifest: string; jsonl: string; csv: string };
}

/** A run found in the backups folder, for resume and restore. */
export interface DeleteRunInfo {
  runId: string;
  kind: DeleteRunKind;
  /** When its backup was made; '' when its manifest cannot be read. */
  createdAt: string;
  connection: { id: string; label: string; companyId?: number };
  records: number;
  /** Leads runs: the action chosen at the first execution (none before it). */
  action?: 'delete' | 'archive' | 'anonymize';
  /** backed-up: never started; interrupted: something left to do; finished; damaged: cannot be read. */
  status: 'backed-up' | 'interrupted' | 'finished' | 'damaged';
  manifest: string;
  message?: string;
}
