import type { KeyStorageStatus } from '../../shared/key-storage';

/** What safeStorage reports, gathered by safe-storage-cipher.ts (the only file touching it). */
export interface SafeStorageFacts {
  platform: NodeJS.Platform;
  /** `safeStorage.isAsyncEncryptionAvailable()`. */
  available: boolean;
  /** `safeStorage.getSelectedStorageBackend()` (meaningful on Linux only). */
  linuxBackend: string;
  /** XDG_CURRENT_DESKTOP, to tell the user which desktop has no keyring. */
  desktop: string | undefined;
}

const LINUX_KEYRINGS: Record<string, string> = {
  gnome_libsecret: 'GNOME Keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
};

/**
 * Turns safeStorage's facts into what the app may do with keys. Linux's
 * `basic_text` encrypts with a hard-coded password, so it counts as no
 * keyring whatever `available` says; an unknown backend fails closed.
 */
export function keyStorageStatus(facts: SafeStorageFacts): KeyStorageStatus {
  if (facts.platform === 'linux') {
    if (facts.linuxBackend === 'basic_text') {
      return { kind: 'no-keyring', desktop: facts.desktop?.trim() || null };
    }
    const name = LINUX_KEYRINGS[facts.linuxBackend];
    return facts.available && name ? { kind: 'keychain', name } : { kind: 'unavailable' };
  }
  if (!facts.available) return { kind: 'unavailable' };
  if (facts.platform === 'darwin') return { kind: 'keychain', name: 'macOS Keychain' };
  if (facts.platform === 'win32') return { kind: 'keychain', name: 'Windows DPAPI' };
  return { kind: 'unavailable' };
}
