import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretVault } from '../../../src/main/store/secret-vault';
import { createTestCipher } from '../../support/test-cipher';
import { withTempDir } from '../../support/temp-dir';

const KEY = 'wp-live-0123456789abcdef-SECRET';

describe('SecretVault', () => {
  it('stores keys encrypted, in a 0600 file, and decrypts them in main', async () => {
    await withTempDir(async (dir) => {
      const vault = new SecretVault(dir, createTestCipher());
      await vault.set('c_1', KEY);
      const file = join(dir, 'secrets.json');
      expect(await readFile(file, 'utf8')).not.toContain(KEY);
      if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await vault.get('c_1')).toBe(KEY);
      expect(await vault.get('c_2')).toBeNull();
    });
  });

  it('fails closed when the OS offers no encryption: nothing is written', async () => {
    await withTempDir(async (dir) => {
      const vault = new SecretVault(dir, createTestCipher(false));
      await expect(vault.set('c_1', KEY)).rejects.toMatchObject({ code: 'encryption_unavailable' });
      await expect(stat(join(dir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });

  it('deletes a key for good', async () => {
    await withTempDir(async (dir) => {
      const vault = new SecretVault(dir, createTestCipher());
      await vault.set('c_1', KEY);
      await vault.set('c_2', `${KEY}-2`);
      await vault.delete('c_1');
      expect(await vault.get('c_1')).toBeNull();
      expect(await vault.get('c_2')).toBe(`${KEY}-2`);
    });
  });
});
