import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretVault } from '../../../src/main/store/secret-vault';
import { unavailableCipher } from '../../../src/main/store/secret-cipher';
import { createTestCipher } from '../../support/test-cipher';
import { withTempDir } from '../../support/temp-dir';

const KEY = 'wp-live-0123456789abcdef-SECRET';

/** Every byte under `dir`, file by file: a key must be in none of them, in any common encoding. */
async function expectKeyNowhereOnDisk(dir: string, key: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const needles = [
    Buffer.from(key, 'utf8'),
    Buffer.from(key, 'utf16le'),
    Buffer.from(Buffer.from(key).toString('base64')),
    Buffer.from(Buffer.from(key).toString('hex')),
  ];
  for (const entry of entries.filter((e) => e.isFile())) {
    const bytes = await readFile(join(entry.parentPath, entry.name));
    for (const needle of needles) expect(bytes.includes(needle), entry.name).toBe(false);
  }
}

describe('SecretVault', () => {
  it('stores keys encrypted, in a 0600 file, and decrypts them in main', async () => {
    await withTempDir(async (dir) => {
      const cipher = createTestCipher();
      const vault = new SecretVault(dir, cipher);
      await vault.set('c_1', KEY, 'keychain');
      const file = join(dir, 'secrets.json');
      expect(await readFile(file, 'utf8')).not.toContain(KEY);
      if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await vault.get('c_1')).toBe(KEY);
      expect(await vault.get('c_2')).toBeNull();
      expect(await vault.keyStates(['c_1', 'c_2'])).toEqual(
        new Map([
          ['c_1', 'saved'],
          ['c_2', 'missing'],
        ]),
      );
      // A new process (same data folder, same keychain) reads it back.
      expect(await new SecretVault(dir, cipher).get('c_1')).toBe(KEY);
    });
  });

  it.each(['no-keyring', 'unavailable'] as const)(
    "refuses 'keychain' with %s: nothing is encrypted, nothing is written",
    async (storage) => {
      await withTempDir(async (dir) => {
        const cipher = createTestCipher(storage);
        const vault = new SecretVault(dir, cipher);
        await expect(vault.set('c_1', KEY, 'keychain')).rejects.toMatchObject({
          code: 'encryption_unavailable',
          message: expect.stringMatching(/not saved.*for this session only/),
        });
        // basic_text would have encrypted happily: the vault must not even ask.
        expect(cipher.encryptCalls).toBe(0);
        await expect(stat(join(dir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
        expect(await vault.get('c_1')).toBeNull();
        expect(await vault.keyStates(['c_1'])).toEqual(new Map([['c_1', 'missing']]));
      });
    },
  );

  it('keeps a session-only key in memory: usable, on no disk, gone for a new vault', async () => {
    await withTempDir(async (dir) => {
      const cipher = createTestCipher('no-keyring');
      const vault = new SecretVault(dir, cipher);
      await vault.set('c_1', KEY, 'session');
      expect(await vault.get('c_1')).toBe(KEY);
      expect(await vault.get('c_1')).toBe(KEY);
      expect(await vault.keyStates(['c_1'])).toEqual(new Map([['c_1', 'session']]));

      expect(cipher.encryptCalls).toBe(0);
      await expect(stat(join(dir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
      await expectKeyNowhereOnDisk(dir, KEY);

      // The app restarted: a new vault on the same folder has no key.
      const restarted = new SecretVault(dir, createTestCipher('no-keyring'));
      expect(await restarted.get('c_1')).toBeNull();
      expect(await restarted.keyStates(['c_1'])).toEqual(new Map([['c_1', 'missing']]));
    });
  });

  it('a session-only key replaces a saved one, and saving again replaces the session key', async () => {
    await withTempDir(async (dir) => {
      const vault = new SecretVault(dir, createTestCipher());
      await vault.set('c_1', KEY, 'keychain');
      await vault.set('c_1', `${KEY}-session`, 'session');
      expect(await vault.get('c_1')).toBe(`${KEY}-session`);
      // The older saved key is not left behind to come back after a restart.
      expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('c_1');
      await expectKeyNowhereOnDisk(dir, `${KEY}-session`);

      await vault.set('c_1', `${KEY}-2`, 'keychain');
      expect(await vault.keyStates(['c_1'])).toEqual(new Map([['c_1', 'saved']]));
      expect(await vault.get('c_1')).toBe(`${KEY}-2`);
    });
  });

  it('re-encrypts and rewrites an entry when the OS says shouldReEncrypt', async () => {
    await withTempDir(async (dir) => {
      const cipher = createTestCipher();
      const vault = new SecretVault(dir, cipher);
      await vault.set('c_1', KEY, 'keychain');
      await vault.set('c_2', `${KEY}-2`, 'keychain');
      const entries = async () =>
        (JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')) as VaultFile).entries;
      const before = await entries();

      cipher.rotateKey();
      const decrypt = cipher.decrypt.bind(cipher);
      const answers: boolean[] = [];
      cipher.decrypt = async (encrypted) => {
        const answer = await decrypt(encrypted);
        answers.push(answer.shouldReEncrypt);
        return answer;
      };
      expect(await vault.get('c_1')).toBe(KEY);
      const after = await entries();
      expect(after.c_1).not.toBe(before.c_1);
      expect(after.c_2).toBe(before.c_2); // only the entry that was read
      expect(after.c_1).not.toContain(KEY);
      // The rewritten entry is current: reading it again asks for nothing.
      expect(await vault.get('c_1')).toBe(KEY);
      expect(answers).toEqual([true, false]);
      expect(await entries()).toEqual(after);
    });
  });

  it('does not re-encrypt when the keychain is gone, and says what to do with a saved key', async () => {
    await withTempDir(async (dir) => {
      const cipher = createTestCipher();
      const vault = new SecretVault(dir, cipher);
      await vault.set('c_1', KEY, 'keychain');
      cipher.setStorage('no-keyring');
      await expect(vault.get('c_1')).rejects.toMatchObject({
        code: 'encryption_unavailable',
        message: expect.stringContaining('enter it again'),
      });
      // An entry this process cannot decrypt is a clear error, not a crash.
      const other = new SecretVault(dir, createTestCipher());
      await expect(other.get('c_1')).rejects.toMatchObject({
        code: 'encryption_unavailable',
        message: expect.stringContaining('could not be decrypted'),
      });
      const cli = new SecretVault(dir, unavailableCipher);
      await expect(cli.get('c_1')).rejects.toMatchObject({ code: 'encryption_unavailable' });
      expect(await cli.status()).toEqual({ kind: 'unavailable' });
    });
  });

  it('reports what protects keys, as the cipher says', async () => {
    await withTempDir(async (dir) => {
      expect(
        await new SecretVault(dir, createTestCipher('keychain', { name: 'KWallet 6' })).status(),
      ).toEqual({ kind: 'keychain', name: 'KWallet 6' });
      expect(
        await new SecretVault(dir, createTestCipher('no-keyring', { desktop: 'i3' })).status(),
      ).toEqual({ kind: 'no-keyring', desktop: 'i3' });
      expect(await new SecretVault(dir, createTestCipher('unavailable')).status()).toEqual({
        kind: 'unavailable',
      });
    });
  });

  it('deletes a key for good, saved or session-only', async () => {
    await withTempDir(async (dir) => {
      const vault = new SecretVault(dir, createTestCipher());
      await vault.set('c_1', KEY, 'keychain');
      await vault.set('c_2', `${KEY}-2`, 'keychain');
      await vault.set('c_3', `${KEY}-3`, 'session');
      await vault.delete('c_1');
      await vault.delete('c_3');
      expect(await vault.get('c_1')).toBeNull();
      expect(await vault.get('c_3')).toBeNull();
      expect(await vault.get('c_2')).toBe(`${KEY}-2`);
    });
  });
});

interface VaultFile {
  entries: Record<string, string>;
}
