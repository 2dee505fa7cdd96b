import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../src/main/store/secret-cipher';
import type { KeyStorageStatus } from '../../src/shared/key-storage';

/** Which of safeStorage's situations to simulate (see KeyStorageStatus). */
export type TestKeyStorage = KeyStorageStatus['kind'];

export interface TestCipher extends SecretCipher {
  /** Switches the simulated situation, e.g. the keyring went away. */
  setStorage(storage: TestKeyStorage): void;
  /** The OS rotates its key: what was encrypted before decrypts with `shouldReEncrypt`. */
  rotateKey(): void;
  /** How many times encrypt() ran, whatever the situation. */
  readonly encryptCalls: number;
}

/** The hard-coded password safeStorage's `basic_text` uses: anyone can decrypt. */
const BASIC_TEXT_KEY = Buffer.alloc(32, 'peanuts');

/**
 * Stands in for Electron's safeStorage (which needs the Electron binary and an
 * OS keychain): real AES-256-GCM with per-process random keys, so stored keys
 * are genuinely unreadable on disk, as they are in the app.
 *
 * Faithful where the vault must be careful: with 'no-keyring' encrypt() still
 * works, with a fixed key (as `basic_text` does), so only the vault's own
 * refusal keeps keys off disk; with 'unavailable' encrypt and decrypt throw.
 * The first byte of each ciphertext says which key made it, so rotateKey()
 * can make decrypt() answer `shouldReEncrypt`.
 */
export function createTestCipher(
  storage: TestKeyStorage = 'keychain',
  options: { name?: string; desktop?: string | null } = {},
): TestCipher {
  const keys = [randomBytes(32)];
  let current = storage;
  let encryptCalls = 0;
  const keyFor = (version: number) => (version === 255 ? BASIC_TEXT_KEY : keys[version]);
  return {
    status: async () => {
      switch (current) {
        case 'keychain':
          return { kind: 'keychain', name: options.name ?? 'Test Keychain' };
        case 'no-keyring':
          return { kind: 'no-keyring', desktop: options.desktop ?? 'sway' };
        case 'unavailable':
          return { kind: 'unavailable' };
      }
    },
    setStorage(next) {
      current = next;
    },
    rotateKey() {
      keys.push(randomBytes(32));
    },
    get encryptCalls() {
      return encryptCalls;
    },
    async encrypt(plain) {
      encryptCalls += 1;
      if (current === 'unavailable') throw new Error('Encryption is not available.');
      const version = current === 'no-keyring' ? 255 : keys.length - 1;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(version)!, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([version]), iv, cipher.getAuthTag(), body]);
    },
    async decrypt(encrypted) {
      if (current === 'unavailable') throw new Error('Decryption is not available.');
      const version = encrypted[0]!;
      const key = keyFor(version);
      if (!key) throw new Error('Error while decrypting the ciphertext provided.');
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(1, 13));
      decipher.setAuthTag(encrypted.subarray(13, 29));
      const plain = Buffer.concat([
        decipher.update(encrypted.subarray(29)),
        decipher.final(),
      ]).toString('utf8');
      return { plain, shouldReEncrypt: version !== 255 && version !== keys.length - 1 };
    },
  };
}
