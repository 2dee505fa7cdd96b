import { sameValue } from '../../shared/update/diff-row';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { readProspectsFresh } from '../api/woodpecker-v1/fresh-read';
import type { ProspectField } from '../../shared/import/prospect-fields';

export const NOT_APPLIED = 'NOT_APPLIED';

/**
 * Settles rows whose update may or may not have been applied (the answer was
 * lost) by reading them back, never by sending again: a row whose every sent
 * field now has the value sent was applied; otherwise it was not, and the
 * row fails with NOT_APPLIED (safe to retry). Throws when the read fails —
 * the rows then stay unknown.
 */
export async function readBack(
  client: WoodpeckerV1Client,
  rows: readonly PlannedRow[],
  signal?: AbortSignal,
): Promise<{ outcomes: RowOutcome[]; requests: number }> {
  const read = await readProspectsFresh(
    client,
    { emails: rows.map((r) => r.update.email) },
    signal ? { signal } : {},
  );
  const outcomes = rows.map((row): RowOutcome => {
    const base = { row: row.row, email: row.email, prospectId: row.prospectId };
    const found = read.found.get(row.update.email.trim().toLowerCase())?.prospect;
    const applied =
      found !== undefined &&
      Object.entries(row.update).every(
        ([field, value]) =>
          field === 'email' ||
          sameValue(
            field as ProspectField,
            (found[field as keyof typeof found] as string) ?? '',
            value ?? '',
          ),
      );
    if (applied) {
      return { ...base, prospectId: found.id, outcome: row.kind === 'new' ? 'added' : 'updated' };
    }
    return {
      ...base,
      outcome: 'failed',
      code: NOT_APPLIED,
      message: 'The answer was lost; reading the prospect back shows the update was not applied.',
    };
  });
  return { outcomes, requests: read.requests };
}
