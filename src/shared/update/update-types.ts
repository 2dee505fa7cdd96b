/**
 * Types shared by the update preview, plan and results. Kept apart from the
 * Woodpecker client (src/main) because src/shared may not import main: the
 * payload and answer shapes here are structurally the client's
 * `ProspectUpdate` and `UpdateResult`, so they are passed across unchanged.
 */
import type { ProspectFields } from '../prospect';
import type { FieldChange } from './diff-row';

/** How a list row relates to the account: what the preview shows and counts. */
export const ROW_KINDS = ['new', 'changed', 'unchanged', 'invalid', 'duplicate'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** One prospect of an update request (the client's `ProspectUpdate`). */
export type ProspectUpdatePayload = { email: string } & ProspectFields;

/** A row the user chose to send, with what is needed to attribute its outcome. */
export interface PlannedRow {
  /** Original row number in the imported file (as shown to the user). */
  row: number;
  kind: 'new' | 'changed';
  /** Email as it will be sent (the stored spelling for a changed row). */
  email: string;
  /** The matched prospect's id; null for a new row. */
  prospectId: number | null;
  /** Only the fields that change (cleared ones as ''), plus the email. */
  update: ProspectUpdatePayload;
  /** What changes, old → new (empty old values for new rows). */
  changes: readonly FieldChange[];
}

/** One prospect's answer, by index in the request (the client's `UpdateOutcome`). */
export type UpdateAnswerOutcome =
  | { index: number; email: string; ok: true; id: number }
  | { index: number; email: string; ok: false; id?: number; code: string; message: string };

/**
 * How one update request ended: the per-prospect answer, "we cannot know"
 * (timeout or dropped connection after sending: never retried blindly), or
 * an error that certainly applied nothing.
 */
export type UpdateAnswer =
  | { outcomes: readonly UpdateAnswerOutcome[] }
  | { unknown: true; message?: string }
  | { error: { code: string; message: string } };

export type OutcomeKind = 'updated' | 'added' | 'unchanged' | 'failed' | 'unknown';

/** Exactly one per input row of the list. */
export interface RowOutcome {
  row: number;
  email: string;
  prospectId: number | null;
  outcome: OutcomeKind;
  /** Set for failed and unknown rows (and why a row was skipped). */
  code?: string;
  message?: string;
}
