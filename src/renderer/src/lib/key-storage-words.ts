import type { KeyStorageChoice, KeyStorageStatus } from '../../../shared/key-storage';

/** The Settings row: what protects keys here, in words. */
export function keyStorageSummary(status: KeyStorageStatus): string {
  switch (status.kind) {
    case 'keychain':
      return `Encrypted by ${status.name}`;
    case 'no-keyring':
      return 'No keyring: keys are kept only until you quit';
    case 'unavailable':
      return 'No secure storage: keys are kept only until you quit';
  }
}

/** Why a key cannot be saved here, and what the user can do instead (no keychain only). */
export function noKeychainExplanation(
  status: Exclude<KeyStorageStatus, { kind: 'keychain' }>,
): string {
  const why =
    status.kind === 'no-keyring'
      ? `This computer has no keyring (no GNOME Keyring or KWallet found${status.desktop ? ` on ${status.desktop}` : ''}), so Prospect Desk cannot store API keys safely.`
      : 'This computer offers no secure storage for API keys, so Prospect Desk cannot store them safely.';
  return `${why} You can keep this key until you quit the app; you'll enter it again next time.`;
}

/** The label of the session-only checkbox, quoted by the error that asks for it. */
export const SESSION_ONLY_LABEL = 'Keep this key until I quit Prospect Desk (it is not saved)';

/**
 * Where a key the user entered goes: always their explicit choice. Null means
 * they have not chosen yet (no keychain and the box is not ticked). Before the
 * status is known, 'keychain': main refuses it where there is none.
 */
export function keyStorageChoice(
  status: KeyStorageStatus | null,
  sessionOnly: boolean,
): KeyStorageChoice | null {
  if (status === null || status.kind === 'keychain') return 'keychain';
  return sessionOnly ? 'session' : null;
}

/** What a save button says, so it tells what will happen to the key. */
export function saveKeyLabel(choice: KeyStorageChoice | null, base: string): string {
  return choice === 'session' ? `${base} · keep key until I quit` : base;
}

/** Shown when saving is pressed with no choice made. */
export const CHOOSE_SESSION_MESSAGE = `This computer cannot save API keys. Tick “${SESSION_ONLY_LABEL}” to use this key until you quit.`;
