import { safeStorage } from 'electron';
import type { SecretCipher } from './secret-cipher';

/**
 * Keys encrypted with the OS keychain through Electron's safeStorage.
 *
 * On Linux without a keyring safeStorage falls back to 'basic_text', a
 * hard-coded password: that is not encryption, so we report it unavailable
 * and saving keys fails closed.
 */
export const safeStorageCipher: SecretCipher = {
  isAvailable() {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return false;
    }
    return true;
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (encrypted) => safeStorage.decryptString(encrypted),
};
