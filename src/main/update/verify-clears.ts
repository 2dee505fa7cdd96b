import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';

export const NOT_CLEARED = 'NOT_CLEARED';
export const CLEAR_UNVERIFIED = 'CLEAR_UNVERIFIED';

/**
 * Woodpecker's docs don't say what an update does with a field sent as ""
 * (only that omitted fields stay unchanged: notes/api-facts.md), so after an
 * update that emptied fields ("Blank cells clear the field") those rows are
 * read back. A row whose emptied field kept its value stays updated (its
 * other fields were) but carries NOT_CLEARED and the fields; if the read
 * fails, CLEAR_UNVERIFIED. Either way it is never retried: sending the same
 * row again would not change the answer. Costs one listing, and only when
 * something was emptied.
 */
export async function verifyClears(
  client: WoodpeckerV1Client,
  planned: readonly PlannedRow[],
  outcomes: readonly RowOutcome[],
): Promise<{ outcomes: RowOutcome[]; requests: number; notCleared: number }> {
  const applied = new Set(
    outcomes.filter((o) => o.outcome === 'updated' || o.outcome === 'added').map((o) => o.row),
  );
  const emptied = new Map<number, { email: string; fields: string[] }>();
  for (const row of planned) {
    if (!applied.has(row.row)) continue;
    const fields = Object.entries(row.update)
      .filter(([field, value]) => field !== 'email' && value === '')
      .map(([field]) => field);
    if (fields.length > 0) emptied.set(row.row, { email: row.update.email, fields });
  }
  if (emptied.size === 0) return { outcomes: [...outcomes], requests: 0, notCleared: 0 };

  let read: Awaited<ReturnType<typeof readProspectsFresh>> | null = null;
  try {
    // No signal: the update was sent; its outcomes are written whatever happens here.
    read = await readProspectsFresh(client, {
      emails: [...emptied.values()].map((e) => e.email),
    });
  } catch {
    read = null;
  }
  let notCleared = 0;
  const checked = outcomes.map((outcome): RowOutcome => {
    const row = emptied.get(outcome.row);
    if (!row) return outcome;
    if (read === null) {
      return {
        ...outcome,
        code: CLEAR_UNVERIFIED,
        message: `Updated, but reading it back to check that ${row.fields.join(', ')} were emptied failed.`,
      };
    }
    const now = read.found.get(row.email.trim().toLowerCase())?.prospect as
      Record<string, unknown> | undefined;
    const kept = row.fields.filter((f) => String(now?.[f] ?? '').trim() !== '');
    if (now === undefined || kept.length === 0) return outcome;
    notCleared++;
    return {
      ...outcome,
      code: NOT_CLEARED,
      message: `Woodpecker kept ${kept.join(', ')} although sent empty; the other fields were updated.`,
    };
  });
  return { outcomes: checked, requests: read?.requests ?? 0, notCleared };
}
