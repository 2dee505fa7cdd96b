import type { ProspectField } from '../../shared/import/prospect-fields';
import type { Prospect } from '../../shared/prospect';
import { sameValue } from '../../shared/update/diff-row';
import { CHANGED_SINCE_PREVIEW } from '../../shared/update/update-results';
import type { PlannedRow, RowOutcome } from '../../shared/update/update-types';

/**
 * The user approved "old → new" as the preview showed it, from a snapshot
 * that may be minutes or days old. Before anything is sent, the fresh read
 * taken for the backup is compared with that: a row is held back (not sent,
 * not retried: preview the list again) when a field it changes no longer
 * holds the value shown as old, when its prospect was deleted since (the
 * update would add it back), or when a row previewed as new now exists
 * (its stored values were never shown).
 */
export function holdDriftedRows(
  planned: readonly PlannedRow[],
  fresh: ReadonlyMap<string, { prospect: Prospect }>,
): { send: PlannedRow[]; held: RowOutcome[] } {
  const send: PlannedRow[] = [];
  const held: RowOutcome[] = [];
  for (const row of planned) {
    const reason = driftOf(row, fresh.get(row.update.email.trim().toLowerCase())?.prospect);
    if (reason === null) send.push(row);
    else {
      held.push({
        row: row.row,
        email: row.email,
        prospectId: row.prospectId,
        outcome: 'failed',
        code: CHANGED_SINCE_PREVIEW,
        message: `${reason} Not sent: preview the list again.`,
      });
    }
  }
  return { send, held };
}

function driftOf(row: PlannedRow, now: Prospect | undefined): string | null {
  if (row.kind === 'new') return now ? 'It was added to Woodpecker after the preview.' : null;
  if (!now) return 'It was deleted from Woodpecker after the preview.';
  const changed = row.changes
    .filter((c) => !sameValue(c.field as ProspectField, now[c.field] ?? '', c.old))
    .map((c) => c.field);
  return changed.length > 0
    ? `${changed.join(', ')} changed in Woodpecker after the preview.`
    : null;
}
