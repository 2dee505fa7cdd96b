import { safeStorage } from 'electron';
import { keyStorageStatus } from './key-storage-status';
import type { SecretCipher } from './secret-cipher';

/**
 * Keys encrypted with the OS keychain through Electron's safeStorage, with
 * its asynchronous API only (the synchronous one is deprecated in 45).
 *
 * safeStorage works only after app `ready`: these are called from IPC
 * handlers, never at module load. On Linux without a keyring safeStorage
 * falls back to 'basic_text', a hard-coded password: status() says
 * 'no-keyring' and the vault then never writes a key (secret-vault.ts).
 */
export const safeStorageCipher: SecretCipher = {
  async status() {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    return keyStorageStatus({
      platform: process.platform,
      available,
      linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : '',
      desktop: process.env.XDG_CURRENT_DESKTOP,
    });
  },
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  async decrypt(encrypted) {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
    return { plain: result, shouldReEncrypt };
  },
};
