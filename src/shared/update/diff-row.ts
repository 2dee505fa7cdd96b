/**
 * Diff of one imported row against the prospect Woodpecker has for its email.
 *
 * Runs once per row of lists up to 1M rows (performance-facts.md, diff
 * section): an unchanged field costs one string comparison and no
 * allocation, an unchanged row returns a shared frozen result.
 *
 * When two values count as equal (so no update is sent for the field):
 * - identical strings, always;
 * - any field: equal once both ends are trimmed (the import trims every cell,
 *   so a stored trailing space is invisible and cannot be expressed in a file);
 * - status: case-insensitively (the import uppercases; Woodpecker stores uppercase);
 * - snippets: `<br/>`, `<br>`, `<br />` (any case) equal a line break, CRLF
 *   and CR equal LF, and trailing spaces at the end of a line are ignored: we
 *   send "\n" as `<br/>` (lineBreaksToHtml), so "a\nb" in a file matches the
 *   stored "a<br/>b". Spacing inside a line still counts: it shows in emails.
 * Email is never diffed: it is the match key.
 */
import { lineBreaksToHtml } from '../import/normalise-cell';
import { isSnippetField, type ProspectField } from '../import/prospect-fields';
import type { ProspectFields, WritableProspectField } from '../prospect';

/** Why a change deserves the user's attention in the preview. */
export type ChangeFlag = 'status-change' | 'overwrite' | 'clear';

/** One field that will change: `old` as stored ('' = empty), `new` as imported ('' = cleared). */
export interface FieldChange {
  field: WritableProspectField;
  old: string;
  new: string;
  flags: readonly ChangeFlag[];
}

export type DiffKind = 'new' | 'changed' | 'unchanged';

/** The result for one row; `changes` is empty when unchanged, every set field when new. */
export interface RowDiff {
  kind: DiffKind;
  changes: readonly FieldChange[];
}

export interface DiffOptions {
  /**
   * Blank cells clear the stored value instead of leaving it unchanged
   * (default off in the UI). Never applies to status, which cannot be empty.
   */
  clearBlanks: boolean;
}

/** One row of the list: values aligned with `fields` ('' = empty cell). */
export interface DiffInput {
  fields: readonly ProspectField[];
  values: readonly string[];
}

const NO_CHANGES: readonly FieldChange[] = Object.freeze([]);
const UNCHANGED: RowDiff = Object.freeze({ kind: 'unchanged', changes: NO_CHANGES });
const NO_FLAGS: readonly ChangeFlag[] = Object.freeze([]);
const STATUS_FLAGS: readonly ChangeFlag[] = Object.freeze(['status-change']);
const OVERWRITE_FLAGS: readonly ChangeFlag[] = Object.freeze(['overwrite']);
const CLEAR_FLAGS: readonly ChangeFlag[] = Object.freeze(['clear']);

/**
 * Diffs one row against the stored values of the same fields ('' = empty),
 * as the snapshot hands them over (stored-prospect.ts). `current` undefined
 * means no prospect has this email: the row is new and every non-empty
 * value is listed as a change from ''.
 */
export function diffRow(
  input: DiffInput,
  current: readonly string[] | undefined,
  options: DiffOptions,
): RowDiff {
  const { fields, values } = input;
  let changes: FieldChange[] | null = null;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as ProspectField;
    if (field === 'email') continue;
    const incoming = values[i] ?? '';
    if (current === undefined) {
      if (incoming !== '') (changes ??= []).push(change(field, '', incoming, NO_FLAGS));
      continue;
    }
    const stored = current[i] ?? '';
    if (incoming === '') {
      if (!options.clearBlanks || field === 'status' || stored.trim() === '') continue;
      (changes ??= []).push(change(field, stored, '', CLEAR_FLAGS));
      continue;
    }
    if (sameValue(field, stored, incoming)) continue;
    (changes ??= []).push(
      change(field, stored, incoming, changeFlags('changed', field, stored, incoming)),
    );
  }
  if (current === undefined) return { kind: 'new', changes: changes ?? NO_CHANGES };
  return changes === null ? UNCHANGED : { kind: 'changed', changes };
}

/** Why a change is flagged (see ChangeFlag); a new prospect's fields never are. */
export function changeFlags(
  kind: 'new' | 'changed',
  field: ProspectField,
  stored: string,
  incoming: string,
): readonly ChangeFlag[] {
  if (kind === 'new') return NO_FLAGS;
  if (incoming === '') return CLEAR_FLAGS;
  if (field === 'status') return STATUS_FLAGS;
  return stored.trim() === '' ? NO_FLAGS : OVERWRITE_FLAGS;
}

function change(
  field: WritableProspectField,
  old: string,
  value: string,
  flags: readonly ChangeFlag[],
): FieldChange {
  return { field, old, new: value, flags };
}

/** True when sending `incoming` would leave `stored` as it is (rules in the module comment). */
export function sameValue(field: ProspectField, stored: string, incoming: string): boolean {
  if (stored === incoming) return true;
  if (field === 'status') return stored.trim().toUpperCase() === incoming.trim().toUpperCase();
  if (isSnippetField(field)) return canonicalSnippet(stored) === canonicalSnippet(incoming);
  return stored.trim() === incoming.trim();
}

const BR_TAG = /<br\s*\/?>/gi;

/**
 * A snippet as its reader sees it: line breaks as "\n" whatever their
 * spelling, no trailing spaces on lines, trimmed. Only called on values that
 * differ, so its allocations stay off the common path.
 */
export function canonicalSnippet(value: string): string {
  const lines = value.replace(/\r\n?/g, '\n').replace(BR_TAG, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) lines[i] = (lines[i] as string).trimEnd();
  return lines.join('\n').trim();
}

/** A value as the API expects it: snippet line breaks become `<br/>` (api-docs update example). */
export function toApiValue(field: WritableProspectField, value: string): string {
  return isSnippetField(field) ? lineBreaksToHtml(value) : value;
}

/** The fields to send for a row's changes (cleared fields as ''), without the email. */
export function changesToFields(changes: readonly FieldChange[]): ProspectFields {
  const out: ProspectFields = {};
  for (const c of changes) out[c.field] = toApiValue(c.field, c.new);
  return out;
}
