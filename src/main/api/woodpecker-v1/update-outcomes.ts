import type { WoodpeckerUpdateRowWire } from './schemas';

/** What happened to one prospect of an update, at its index in the request. */
export type UpdateOutcome =
  | { index: number; email: string; ok: true; id: number }
  | { index: number; email: string; ok: false; id?: number; code: string; message: string };

export interface UpdateResult {
  /** One outcome per requested prospect, in request order. */
  outcomes: UpdateOutcome[];
}

/** Thrown when an answer's rows cannot be matched to the request. */
export class UnmatchedUpdateAnswer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnmatchedUpdateAnswer';
  }
}

const normalise = (email: string) => email.trim().toLowerCase();

/**
 * Pairs the answer's rows with the requested prospects. The docs show rows in
 * request order with the email echoed (woodpecker-v1-update-prospects.txt);
 * we rely on order only where the emails agree, and otherwise match by email
 * (first unused row of that email), so a reordered answer is still attributed
 * correctly. A requested prospect without a row means we cannot tell what
 * happened to it: the whole answer is then unreadable.
 */
export function matchUpdateOutcomes(
  requested: readonly { email: string }[],
  rows: readonly WoodpeckerUpdateRowWire[],
): UpdateOutcome[] {
  const inOrder =
    rows.length === requested.length &&
    requested.every((p, i) => normalise(p.email) === normalise(rows[i]?.email ?? ''));
  const byEmail = new Map<string, WoodpeckerUpdateRowWire[]>();
  if (!inOrder) {
    for (const row of rows) {
      const key = normalise(row.email);
      byEmail.set(key, [...(byEmail.get(key) ?? []), row]);
    }
  }
  return requested.map((prospect, index) => {
    const row = inOrder ? rows[index] : byEmail.get(normalise(prospect.email))?.shift();
    if (!row) {
      throw new UnmatchedUpdateAnswer(`no answer row for prospect ${index + 1}`);
    }
    return toOutcome(index, prospect.email, row);
  });
}

function toOutcome(index: number, email: string, row: WoodpeckerUpdateRowWire): UpdateOutcome {
  const id = typeof row.id === 'number' ? row.id : undefined;
  const failed = row.status === 'ERROR' || (row.code != null && row.code !== 'OK');
  if (!failed && id !== undefined) return { index, email, ok: true, id };
  return {
    index,
    email,
    ok: false,
    ...(id !== undefined && { id }),
    code: row.code ?? 'E_NO_ID',
    message:
      row.msg ??
      (failed ? 'Not saved.' : 'Woodpecker did not confirm this prospect: reload to check it.'),
  };
}
