/**
 * What the secret vault needs from the OS: Electron's `safeStorage` in the app
 * (safe-storage-cipher.ts). The CLI has none — saved keys stay unreadable to it.
 */
export interface SecretCipher {
  /** False when the OS offers no real encryption: saving keys must fail closed. */
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/** The CLI's cipher: nothing is available, so nothing is ever stored in clear. */
export const unavailableCipher: SecretCipher = {
  isAvailable: () => false,
  encrypt: () => {
    throw new Error('Encryption is not available in this process.');
  },
  decrypt: () => {
    throw new Error('Encryption is not available in this process.');
  },
};
