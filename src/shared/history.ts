/**
 * The history of everything Prospect Desk changed in an account: every apply,
 * revert, retry, delete and restore, with the files it produced and the
 * backup that makes it undoable. Kept in main; shown in the History page.
 */

export const HISTORY_KINDS = [
  'update',
  'retry',
  'revert',
  'delete',
  'agency-delete',
  'leads-delete',
  'leads-archive',
  'restore',
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** `incomplete`: stopped with rows unresolved (unknown outcomes, cancelled, crashed). */
export const HISTORY_STATES = ['succeeded', 'failed', 'incomplete'] as const;
export type HistoryState = (typeof HISTORY_STATES)[number];

export interface HistoryFile {
  /** What the file is, e.g. "success CSV", "backup (JSONL)". */
  label: string;
  path: string;
}

export interface HistoryEntry {
  id: string;
  kind: HistoryKind;
  state: HistoryState;
  /** ISO instants. */
  startedAt: string;
  finishedAt: string;
  connection: { id: string; label: string; companyId?: number };
  /** The imported list the run came from, when there was one. */
  list?: { id: string; name: string };
  /** The run id shared by its journal, backup and result files. */
  runId?: string;
  /** Outcome counts, e.g. {"updated": 120, "failed": 3}. */
  counts: Record<string, number>;
  files: HistoryFile[];
  /** The backup's manifest path: what makes the run undoable. */
  backup?: string;
  message?: string;
}
