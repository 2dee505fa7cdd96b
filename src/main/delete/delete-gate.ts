import { AppError } from '../app-error';
import { VerifiedBackup } from '../backup/backup-verifier';

/**
 * The delete gate, in main: an id may be sent in a delete only when a backup
 * verified for this run (re-read from disk, checksums and id set checked)
 * holds it. Every delete path calls this right before each request, whatever
 * the UI or CLI did before.
 */
export function assertBackedUp(backup: VerifiedBackup, runId: string, ids: Iterable<string>): void {
  if (!VerifiedBackup.is(backup) || backup.runId !== runId) {
    throw new AppError('conflict', `No verified backup for run ${runId}: nothing was deleted.`);
  }
  const uncovered = backup.uncovered(ids);
  if (uncovered.length > 0) {
    throw new AppError(
      'conflict',
      `${uncovered.length} of the prospects to delete are not in this run's verified backup (e.g. ${uncovered.slice(0, 5).join(', ')}): nothing was deleted.`,
      { uncovered: uncovered.slice(0, 100) },
    );
  }
}

/** The ids the user confirmed must be exactly the run's delete set. */
export function assertConfirmedSet(
  planned: readonly string[],
  confirmed: readonly string[] | undefined,
  confirmCount: number,
): void {
  if (confirmCount !== planned.length) {
    throw new AppError(
      'validation',
      `Type the number of prospects to delete (${planned.length}) to confirm; ${confirmCount} does not match.`,
    );
  }
  if (confirmed === undefined) return;
  const plannedSet = new Set(planned);
  const confirmedSet = new Set(confirmed);
  const extra = [...confirmedSet].filter((id) => !plannedSet.has(id));
  if (extra.length > 0 || confirmedSet.size !== plannedSet.size) {
    throw new AppError(
      'conflict',
      `The prospects confirmed differ from the run's backed-up set (${extra.length} not backed up): nothing was deleted.`,
      { notBackedUp: extra.slice(0, 100) },
    );
  }
}
