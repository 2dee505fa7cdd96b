import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { KeyState, KeyStorageChoice, KeyStorageStatus } from '../../shared/key-storage';
import { AppError } from '../app-error';
import { registerSecret } from '../log';
import { writeFileDurably } from './atomic-write';
import type { SecretCipher } from './secret-cipher';

/**
 * API keys, one per connection: encrypted by the OS keychain in
 * `secrets.json` (mode 0600), or — when the user chose so, typically because
 * the computer has no keyring — held in this process's memory only, until the
 * app quits.
 *
 * Sample: { "version": 1, "entries": { "c_1a2b": "djEwXXXX…base64" } }
 *
 * Nothing is ever written unless the cipher reports a real keychain: Linux's
 * `basic_text` fallback is a hard-coded key, so it never protects a key at
 * rest here. Keys come in once from the renderer and are only ever decrypted
 * in main to build a request; nothing here returns them across IPC.
 */
const vaultFile = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.string()),
});

export class SecretVault {
  private readonly path: string;
  /** Session-only keys: never on disk, gone when the process ends. */
  private readonly sessionKeys = new Map<string, string>();
  /** Read-modify-write of secrets.json, one at a time. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher,
  ) {
    this.path = join(dataDir, 'secrets.json');
  }

  status(): Promise<KeyStorageStatus> {
    return this.cipher.status();
  }

  /**
   * Keeps a key where the user chose. 'keychain' is refused (nothing written,
   * nothing kept) unless a real keychain exists; 'session' keeps it in memory
   * and removes any key saved earlier for this connection, so the connection
   * has exactly one key and its state is what the user last chose.
   */
  async set(connectionId: string, key: string, storage: KeyStorageChoice): Promise<void> {
    if (storage === 'session') {
      registerSecret(key);
      await this.removeEntry(connectionId);
      this.sessionKeys.set(connectionId, key);
      return;
    }
    const status = await this.cipher.status();
    if (status.kind !== 'keychain') throw noKeychainError(status);
    registerSecret(key);
    const encrypted = (await this.cipher.encrypt(key)).toString('base64');
    await this.exclusive(async () => {
      const entries = await this.read();
      entries[connectionId] = encrypted;
      await this.write(entries);
    });
    this.sessionKeys.delete(connectionId);
  }

  /**
   * The key, for building a request in main: the session key if there is one,
   * else the saved one decrypted. Null when neither exists. A saved key the
   * OS asks to re-encrypt (its key rotated) is rewritten, best effort.
   */
  async get(connectionId: string): Promise<string | null> {
    const session = this.sessionKeys.get(connectionId);
    if (session !== undefined) return session;
    const stored = (await this.read())[connectionId];
    if (stored === undefined) return null;
    const status = await this.cipher.status();
    if (status.kind !== 'keychain') {
      throw new AppError(
        'encryption_unavailable',
        'This key was saved with a keychain this computer cannot use now: enter it again on the Connections page.',
      );
    }
    let decrypted: { plain: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.cipher.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      throw new AppError(
        'encryption_unavailable',
        'The saved key could not be decrypted (the keychain may have been reset): enter it again on the Connections page.',
      );
    }
    registerSecret(decrypted.plain);
    if (decrypted.shouldReEncrypt) await this.reEncrypt(connectionId, stored, decrypted.plain);
    return decrypted.plain;
  }

  /** Where each connection's key is: saved, session-only, or missing. One read of secrets.json. */
  async keyStates(connectionIds: readonly string[]): Promise<Map<string, KeyState>> {
    const entries = await this.read();
    return new Map(
      connectionIds.map((id) => [
        id,
        this.sessionKeys.has(id) ? 'session' : id in entries ? 'saved' : 'missing',
      ]),
    );
  }

  async delete(connectionId: string): Promise<void> {
    this.sessionKeys.delete(connectionId);
    await this.removeEntry(connectionId);
  }

  private async removeEntry(connectionId: string): Promise<void> {
    await this.exclusive(async () => {
      const entries = await this.read();
      if (!(connectionId in entries)) return;
      delete entries[connectionId];
      await this.write(entries);
    });
  }

  /**
   * Rewrites an entry the OS asked to re-encrypt, unless it changed meanwhile.
   * A failure is not the caller's problem: the old bytes still decrypt, and
   * the next read tries again.
   */
  private async reEncrypt(connectionId: string, stored: string, plain: string): Promise<void> {
    try {
      if ((await this.cipher.status()).kind !== 'keychain') return;
      const fresh = (await this.cipher.encrypt(plain)).toString('base64');
      await this.exclusive(async () => {
        const entries = await this.read();
        if (entries[connectionId] !== stored) return;
        entries[connectionId] = fresh;
        await this.write(entries);
      });
    } catch {
      // Keep the old entry (see above).
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writing.then(work, work);
    this.writing = run.catch(() => undefined);
    return run;
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

/** Saving to the keychain was asked for where there is none: say why and what to do. */
function noKeychainError(status: Exclude<KeyStorageStatus, { kind: 'keychain' }>): AppError {
  const why =
    status.kind === 'no-keyring'
      ? 'This computer has no keyring (GNOME Keyring or KWallet), so the key cannot be saved safely'
      : 'This computer offers no secure storage for API keys, so the key cannot be saved';
  return new AppError(
    'encryption_unavailable',
    `${why} and was not saved. Keep it for this session only, or set up a keyring and try again.`,
  );
}
