import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import type { KeyStorageChoice } from '../../src/shared/key-storage';
import { invokeOk, startAppUnderTest } from '../support/app-under-test';
import type { TestCipher, TestKeyStorage } from '../support/test-cipher';
import { withTempDir } from '../support/temp-dir';
import { capture } from './capture';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_500 });
});
afterAll(async () => sandbox.close());

/** Saves "Main" the way the app does, then quits it; returns the app's cipher (its keychain). */
async function saveInApp(
  dir: string,
  keyStorage: TestKeyStorage,
  choice: KeyStorageChoice,
): Promise<TestCipher> {
  const app = await startAppUnderTest({ dataDir: dir, keyStorage });
  await invokeOk(app, 'connections:save', {
    kind: 'woodpecker',
    label: 'Main',
    baseUrl: sandbox.url,
    apiKey: sandbox.keys.woodpecker,
    keyStorage: choice,
  });
  await app.close();
  return app.cipher;
}

describe('prospect-desk --connection with a saved key', () => {
  it('asks for --key-env on plain Node, which cannot decrypt the key', async () => {
    await withTempDir(async (dir) => {
      await saveInApp(dir, 'keychain', 'keychain');
      const run = capture({ PROSPECT_DESK_DATA_DIR: dir }, dir);
      expect(await runCli(['export', '--connection', 'Main', '--out', 'x.csv'], run.io)).toBe(1);
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toContain('pass the key with --key-env VAR');
      expect(run.stderr()).toContain(`--base-url ${sandbox.url}`);
      expect(run.stderr()).not.toContain(sandbox.keys.woodpecker);
    });
  });

  it('asks for --key-env for a key the app kept for its session only (never on disk)', async () => {
    await withTempDir(async (dir) => {
      await saveInApp(dir, 'no-keyring', 'session');
      const run = capture({ PROSPECT_DESK_DATA_DIR: dir }, dir);
      expect(await runCli(['export', '--connection', 'Main', '--out', 'x.csv'], run.io)).toBe(1);
      expect(run.stderr()).toContain('--key-env');
    });
  });

  it('uses the saved key when its caller passes a cipher that can decrypt it (the app binary)', async () => {
    await withTempDir(async (dir) => {
      const keychain = await saveInApp(dir, 'keychain', 'keychain');
      const run = capture({ PROSPECT_DESK_DATA_DIR: dir }, dir);
      const code = await runCli(['export', '--connection', 'Main', '--out', 'all.json'], {
        ...run.io,
        cipher: keychain,
      });
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(run.json()).toMatchObject({ prospects: 1_500 });
    });
  });
});
