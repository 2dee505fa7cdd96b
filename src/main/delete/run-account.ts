import { AppError } from '../app-error';
import type { BackupConnection } from '../backup/backup-manifest';

/**
 * A run belongs to its account. Execute, resume and restore are handed the
 * id of the account the caller holds a key for (the app: the run's own
 * connection, `accountId`; the CLI: `cli-<hash(origin, key, company)>`,
 * cli-account.ts) and refuse any other before a single request: a backup
 * restored into another account adds its prospects there, and a resume with
 * another account's key would delete that account's prospects of the same
 * ids.
 */
export function assertRunAccount(
  runId: string,
  recorded: Pick<BackupConnection, 'id' | 'label'>,
  holderId: string,
): void {
  if (holderId === recorded.id) return;
  throw new AppError(
    'validation',
    `Run ${runId} belongs to another account (${recorded.label}): nothing was sent. Use that account's connection or key.`,
    { runAccount: recorded.id },
  );
}

/** What the CLI knows of the account a key acts on, without a request. */
export interface KeyHolder {
  origin: string;
  companyId?: number;
}

/**
 * Whether a key the user says is a new key of the run's account
 * (`--key-rotated`) can be taken as that: the run recorded the API's origin,
 * and origin and client company are the same. The key itself cannot be
 * checked without asking the account — exactly what must not happen with
 * the wrong one — so the flag is the user's word, and this is the part we can
 * check. Returns why not, or null.
 */
export function rotatedKeyRefusal(
  recorded: Pick<BackupConnection, 'origin' | 'companyId'>,
  holder: KeyHolder,
): string | null {
  if (recorded.origin === undefined) {
    return 'it was made by a version (or in the app) that did not record the account’s address, so a new key cannot be matched to it';
  }
  if (recorded.origin !== holder.origin) {
    return `it was made with ${recorded.origin}, not ${holder.origin}`;
  }
  if ((recorded.companyId ?? null) !== (holder.companyId ?? null)) {
    return recorded.companyId === undefined
      ? 'it was made for the account itself, not a client company'
      : `it was made for client company ${recorded.companyId}`;
  }
  return null;
}
