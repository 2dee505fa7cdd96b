import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error';
import { registerSecret } from '../log';
import { writeFileDurably } from './atomic-write';
import type { SecretCipher } from './secret-cipher';

/**
 * API keys, encrypted, one per connection, in `secrets.json` (mode 0600).
 *
 * Sample: { "version": 1, "entries": { "c_1a2b": "djEwXXXX…base64" } }
 *
 * Keys come in once from the renderer and are only ever decrypted in main to
 * build a request; nothing here returns them across IPC.
 */
const vaultFile = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.string()),
});

export class SecretVault {
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher,
  ) {
    this.path = join(dataDir, 'secrets.json');
  }

  isAvailable(): boolean {
    return this.cipher.isAvailable();
  }

  async set(connectionId: string, key: string): Promise<void> {
    if (!this.cipher.isAvailable()) {
      throw new AppError(
        'encryption_unavailable',
        'This computer offers no secure storage for API keys (no OS keychain), so the key was not saved. Set up a keyring (e.g. GNOME Keyring or KWallet) and try again.',
      );
    }
    registerSecret(key);
    const entries = await this.read();
    entries[connectionId] = this.cipher.encrypt(key).toString('base64');
    await this.write(entries);
  }

  /** The decrypted key, for building a request in main. Null when none is stored. */
  async get(connectionId: string): Promise<string | null> {
    const entries = await this.read();
    const stored = entries[connectionId];
    if (stored === undefined) return null;
    if (!this.cipher.isAvailable()) {
      throw new AppError(
        'encryption_unavailable',
        'The saved key cannot be decrypted here (no OS keychain). Use the app, or pass the key through an environment variable.',
      );
    }
    const key = this.cipher.decrypt(Buffer.from(stored, 'base64'));
    registerSecret(key);
    return key;
  }

  async delete(connectionId: string): Promise<void> {
    const entries = await this.read();
    if (!(connectionId in entries)) return;
    delete entries[connectionId];
    await this.write(entries);
  }

  private async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = vaultFile.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new AppError('internal', 'secrets.json is corrupt; re-enter the API keys.');
    }
    return { ...parsed.data.entries };
  }

  private async write(entries: Record<string, string>): Promise<void> {
    await writeFileDurably(this.path, JSON.stringify({ version: 1, entries }, null, 2), {
      mode: 0o600,
    });
  }
}
