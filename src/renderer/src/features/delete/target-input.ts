import { MAX_DELETE_TARGETS } from '../../../../shared/ipc/contract';

/** A pasted line that is neither an id nor an email, with why. */
export interface BadLine {
  /** 1-based line number in the textarea. */
  line: number;
  text: string;
  reason: string;
}

export type PastedTargets =
  | { kind: 'ids'; ids: number[]; bad: BadLine[] }
  | { kind: 'emails'; emails: string[]; bad: BadLine[] }
  | { kind: 'empty'; bad: BadLine[] };

const DIGITS = /^\d+$/;
// Deliberately loose: the account decides what exists; this only catches typos.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads pasted targets, one per line: when every line is digits they are
 * prospect ids, otherwise emails. Lines that fit neither are returned as
 * `bad` so the form can name them; duplicates are dropped silently.
 */
export function parsePastedTargets(text: string): PastedTargets {
  const lines = text
    .split(/\r\n|\n|\r/)
    .map((raw, index) => ({ line: index + 1, text: raw.trim() }))
    .filter((l) => l.text !== '');
  if (lines.length === 0) return { kind: 'empty', bad: [] };
  const bad: BadLine[] = [];
  if (lines.every((l) => DIGITS.test(l.text))) {
    const ids = new Set<number>();
    for (const l of lines) {
      const id = Number(l.text);
      if (Number.isSafeInteger(id) && id > 0) ids.add(id);
      else bad.push({ ...l, reason: 'not a prospect id (ids are whole numbers from 1)' });
    }
    return limit({ kind: 'ids', ids: [...ids], bad });
  }
  const emails = new Map<string, string>();
  for (const l of lines) {
    if (DIGITS.test(l.text)) {
      bad.push({ ...l, reason: 'an id among emails: paste either ids or emails, not both' });
    } else if (l.text.length > 320 || !EMAIL.test(l.text)) {
      bad.push({ ...l, reason: 'not an email address' });
    } else if (!emails.has(l.text.toLowerCase())) {
      emails.set(l.text.toLowerCase(), l.text);
    }
  }
  return limit({ kind: 'emails', emails: [...emails.values()], bad });
}

function limit<T extends PastedTargets>(targets: T): T {
  const count =
    targets.kind === 'ids'
      ? targets.ids.length
      : targets.kind === 'emails'
        ? targets.emails.length
        : 0;
  if (count <= MAX_DELETE_TARGETS) return targets;
  return {
    ...targets,
    bad: [
      ...targets.bad,
      { line: 0, text: '', reason: `more than ${MAX_DELETE_TARGETS} targets: split the run` },
    ],
  };
}

/** Campaign ids typed as "12, 34 56": the numbers, and the pieces that are not. */
export function parseCampaignIds(text: string): { ids: number[]; bad: string[] } {
  const ids = new Set<number>();
  const bad: string[] = [];
  for (const piece of text.split(/[\s,;]+/)) {
    if (piece === '') continue;
    const id = Number(piece);
    if (DIGITS.test(piece) && Number.isSafeInteger(id)) ids.add(id);
    else bad.push(piece);
  }
  return { ids: [...ids], bad };
}

/** The "Snapshot filter" fields of the delete form, as typed. */
export interface SnapshotFilterFields {
  /** '' = any status. */
  status: string;
  tag: string;
  contacted: 'any' | 'yes' | 'no';
  notContactedFor: 'any' | '6m' | '1y' | 'custom';
  /** yyyy-mm-dd from a date input, used when notContactedFor is 'custom'. */
  since: string;
}

export const EMPTY_SNAPSHOT_FILTER: SnapshotFilterFields = {
  status: '',
  tag: '',
  contacted: 'any',
  notContactedFor: 'any',
  since: '',
};

export interface SnapshotFilterValue {
  status?: string;
  tag?: string;
  contacted?: boolean;
  notContactedSince?: string;
}

/**
 * The snapshot filter a delete sends, or why it cannot be sent. "Not
 * contacted for 6 months" becomes `notContactedSince` = now minus 6 months;
 * a custom date is taken as local midnight. An empty filter is refused: it
 * would pick every prospect of the account.
 */
export function snapshotFilterInput(
  fields: SnapshotFilterFields,
  now: Date,
): { ok: true; filter: SnapshotFilterValue } | { ok: false; problem: string } {
  const filter: SnapshotFilterValue = {};
  if (fields.status !== '') filter.status = fields.status;
  const tag = fields.tag.trim();
  if (tag !== '') {
    if (tag.length > 200) return { ok: false, problem: 'The tag is too long (200 characters).' };
    filter.tag = tag;
  }
  if (fields.contacted !== 'any') filter.contacted = fields.contacted === 'yes';
  if (fields.notContactedFor !== 'any') {
    const since = new Date(now.getTime());
    if (fields.notContactedFor === '6m') since.setMonth(since.getMonth() - 6);
    else if (fields.notContactedFor === '1y') since.setFullYear(since.getFullYear() - 1);
    else {
      const custom = /^\d{4}-\d{2}-\d{2}$/.test(fields.since)
        ? new Date(`${fields.since}T00:00:00`)
        : null;
      if (!custom || Number.isNaN(custom.getTime())) {
        return { ok: false, problem: 'Pick the date of "not contacted since".' };
      }
      if (custom.getTime() > now.getTime()) {
        return { ok: false, problem: 'The "not contacted since" date is in the future.' };
      }
      since.setTime(custom.getTime());
    }
    filter.notContactedSince = since.toISOString();
  }
  if (Object.keys(filter).length === 0) {
    return {
      ok: false,
      problem:
        'Choose at least one filter: an empty filter would pick every prospect of the account.',
    };
  }
  return { ok: true, filter };
}
