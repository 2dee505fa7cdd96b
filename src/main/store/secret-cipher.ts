import type { KeyStorageStatus } from '../../shared/key-storage';

/**
 * What the secret vault needs from the OS: Electron's `safeStorage` in the app
 * (safe-storage-cipher.ts). The CLI has none — saved keys stay unreadable to it.
 *
 * Asynchronous because Electron's synchronous safeStorage calls are
 * deprecated (../shared/notes/electron-facts.md, safeStorage).
 */
export interface SecretCipher {
  /** What protects keys here; only 'keychain' may encrypt keys that are written to disk. */
  status(): Promise<KeyStorageStatus>;
  encrypt(plain: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the OS rotated its key; encrypt again and store the new bytes. */
  decrypt(encrypted: Buffer): Promise<{ plain: string; shouldReEncrypt: boolean }>;
}

/** The CLI's cipher: nothing is available, so nothing is ever stored in clear. */
export const unavailableCipher: SecretCipher = {
  status: () => Promise.resolve({ kind: 'unavailable' }),
  encrypt: () => Promise.reject(new Error('Encryption is not available in this process.')),
  decrypt: () => Promise.reject(new Error('Encryption is not available in this process.')),
};
