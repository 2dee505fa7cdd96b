import { AppError } from '../app-error';
import type { RunConnection } from './update-files';

/**
 * A run belongs to its account. Retry, revert and resume are handed the id
 * of the account the caller holds a key for (the app: the run's own
 * connection; the CLI: `cli-<hash(origin, key, company)>`, cli-account.ts)
 * and refuse any other before a single request: another account's key once
 * added a run's failed prospects to the wrong account and "reverted" the
 * other account with this one's backup. Decision 012.
 */
export function assertRunAccount(runId: string, connection: RunConnection, holderId: string): void {
  if (holderId === connection.id) return;
  throw new AppError(
    'validation',
    `Update run ${runId} belongs to another account (${connection.label}): nothing was sent. Use that account's connection or key.`,
    { runAccount: connection.id },
  );
}

/** The account a key or connection acts on, as the CLI can describe it without a request. */
export interface KeyHolder {
  /** `cli-<hash(origin, key, company)>`. */
  id: string;
  origin: string;
  companyId?: number;
}

/**
 * Whether a key the user says is the run's account with a rotated key
 * (`--key-rotated`) can be taken as that: same origin and same client
 * company as the run recorded. A key cannot be checked further without
 * asking the account, which is exactly what must not happen with the wrong
 * one; so the flag is the user's word, and this is the part we can check.
 * Returns why not, or null.
 */
export function rotatedKeyRefusal(connection: RunConnection, holder: KeyHolder): string | null {
  if (connection.origin === undefined) {
    return `it was made by a version that did not record the account's address, so a new key cannot be matched to it`;
  }
  if (connection.origin !== holder.origin) {
    return `it was made with ${connection.origin}, not ${holder.origin}`;
  }
  if ((connection.companyId ?? null) !== (holder.companyId ?? null)) {
    return connection.companyId === undefined
      ? 'it was made for the account itself, not a client company'
      : `it was made for client company ${connection.companyId}`;
  }
  return null;
}
