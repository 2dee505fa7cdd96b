import type { SecretCipher } from '../main/store/secret-cipher';

/** What a CLI command may touch, injected so tests run commands in-process. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /**
   * What decrypts saved keys. Plain Node has none (`unavailableCipher`, the
   * default); the app binary running the CLI can pass `safeStorageCipher`.
   */
  cipher?: SecretCipher;
}
