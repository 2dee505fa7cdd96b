import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../src/shared/connections';
import type { AppInfo } from '../../../src/shared/ipc/contract';
import { finalEvent, invokeOk, jobResult, startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';
import { makeTempDir } from '../../support/temp-dir';

const apps: AppUnderTest[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: Parameters<typeof startAppUnderTest>[0]): Promise<AppUnderTest> {
  const app = await startAppUnderTest(options);
  apps.push(app);
  return app;
}

/** Every file of the data folder, as bytes: the key must be in none of them. */
async function expectKeyNowhereOnDisk(dir: string, key: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile());
  expect(files.length).toBeGreaterThan(0); // config.json and the log at least
  for (const entry of files) {
    const bytes = await readFile(join(entry.parentPath, entry.name));
    expect(bytes.includes(Buffer.from(key)), entry.name).toBe(false);
    expect(bytes.includes(Buffer.from(Buffer.from(key).toString('base64'))), entry.name).toBe(
      false,
    );
  }
}

describe('keys on a computer without a keyring (IPC)', () => {
  it('app:info says what protects keys, for each situation', async () => {
    const keychain = await start({ keyStorage: 'keychain' });
    expect((await invokeOk<AppInfo>(keychain, 'app:info')).keyStorage).toEqual({
      kind: 'keychain',
      name: 'Test Keychain',
    });
    const noKeyring = await start({ keyStorage: 'no-keyring' });
    expect((await invokeOk<AppInfo>(noKeyring, 'app:info')).keyStorage).toEqual({
      kind: 'no-keyring',
      desktop: 'sway',
    });
    const none = await start({ keyStorage: 'unavailable' });
    expect((await invokeOk<AppInfo>(none, 'app:info')).keyStorage).toEqual({
      kind: 'unavailable',
    });
  });

  it("refuses 'keychain' with no keyring: nothing saved, a message that says what to do", async () => {
    const app = await start({ keyStorage: 'no-keyring' });
    const sandbox = await app.services.sandbox.get();
    const result = await app.services.router.invoke('connections:save', {
      kind: 'woodpecker',
      label: 'Main',
      baseUrl: sandbox.url,
      apiKey: sandbox.keys.woodpecker,
      keyStorage: 'keychain',
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'encryption_unavailable',
        message: expect.stringMatching(/no keyring.*not saved.*for this session only/),
      },
    });
    expect(await invokeOk(app, 'connections:list')).toEqual({
      connections: [],
      activeConnectionId: null,
    });
    expect(app.cipher.encryptCalls).toBe(0);
    await expect(stat(join(app.dataDir, 'secrets.json'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('makes the choice explicit: a key needs keyStorage, and keyStorage needs a key', async () => {
    const app = await start({ keyStorage: 'no-keyring' });
    for (const input of [
      { kind: 'woodpecker', label: 'Main', apiKey: 'wp-0123456789abcdef' },
      { kind: 'woodpecker', label: 'Main', keyStorage: 'session' },
      { kind: 'woodpecker', label: 'Main', apiKey: 'wp-0123456789abcdef', keyStorage: 'plain' },
    ]) {
      expect(await app.services.router.invoke('connections:save', input)).toMatchObject({
        ok: false,
        error: { code: 'validation' },
      });
    }
    expect(
      (await invokeOk<{ connections: unknown[] }>(app, 'connections:list')).connections,
    ).toEqual([]);
  });

  it('keeps a session-only key for every request until quit, never on disk, then asks for it again', async () => {
    const { dir, cleanup } = await makeTempDir();
    cleanups.push(cleanup);
    const app = await start({ keyStorage: 'no-keyring', dataDir: dir });
    const sandbox = await app.services.sandbox.get();
    const key = sandbox.keys.woodpecker;
    const seen: unknown[] = [];
    const call = async (channel: string, input?: unknown) => {
      const result = await app.services.router.invoke(channel, input);
      seen.push(result);
      return result;
    };

    const saved = (await call('connections:save', {
      kind: 'woodpecker',
      label: 'Main',
      baseUrl: sandbox.url,
      apiKey: key,
      keyStorage: 'session',
    })) as { ok: true; value: ConnectionSummary };
    expect(saved).toMatchObject({
      ok: true,
      value: { keyState: 'session', keyHint: `••••${key.slice(-4)}` },
    });
    const id = saved.value.id;
    expect(await call('connections:list')).toMatchObject({
      ok: true,
      value: { connections: [{ id, keyState: 'session' }] },
    });
    // Every request of the session uses it: a test, and a job.
    expect(await call('connections:test', { connectionId: id })).toMatchObject({
      ok: true,
      value: { count: 2_500, unit: 'prospects' },
    });
    expect(await jobResult(app, 'snapshot:sync', { connectionId: id, mode: 'full' })).toMatchObject(
      { received: 2_500 },
    );
    expect(await call('connections:test', { connectionId: id })).toMatchObject({ ok: true });

    expect(JSON.stringify(seen)).not.toContain(key);
    expect(app.cipher.encryptCalls).toBe(0);
    await expect(stat(join(dir, 'secrets.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    const config = await readFile(join(dir, 'config.json'), 'utf8');
    expect(config).toContain('Main');
    expect(config).not.toContain('keyState');
    await expectKeyNowhereOnDisk(dir, key);

    // Quit and start again on the same data folder: the key is gone, and the app says so.
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const restarted = await start({ keyStorage: 'no-keyring', dataDir: dir });
    expect(await invokeOk(restarted, 'connections:list')).toMatchObject({
      connections: [{ id, label: 'Main', keyState: 'missing' }],
    });
    const keyNeeded = {
      code: 'auth',
      message:
        'Key not saved for "Main" (it was kept only until the app quit): enter it again on the Connections page to use this connection.',
    };
    for (const [channel, input] of [
      ['connections:test', { connectionId: id }],
      ['account:export', { connectionId: id, format: 'csv' }],
    ] as const) {
      const result = await restarted.services.router.invoke(channel, input);
      expect(result, channel).toMatchObject({ ok: false, error: keyNeeded });
    }
    const { jobId } = await invokeOk<{ jobId: string }>(restarted, 'snapshot:sync', {
      connectionId: id,
      mode: 'full',
    });
    expect(await finalEvent(restarted, jobId)).toMatchObject({
      state: 'failed',
      error: keyNeeded,
    });

    // Entering it again (for the session) makes the connection work again, as it was.
    const restartedSandbox = await restarted.services.sandbox.get();
    expect(
      await invokeOk(restarted, 'connections:save', {
        id,
        kind: 'woodpecker',
        label: 'Main',
        baseUrl: restartedSandbox.url,
        apiKey: restartedSandbox.keys.woodpecker,
        keyStorage: 'session',
      }),
    ).toMatchObject({ id, keyState: 'session' });
    expect(await invokeOk(restarted, 'connections:test', { connectionId: id })).toMatchObject({
      count: 2_500,
    });
  });

  it("with a keychain, 'keychain' saves as before and a session-only key is still allowed", async () => {
    const app = await start({ keyStorage: 'keychain' });
    const sandbox = await app.services.sandbox.get();
    const key = sandbox.keys.woodpecker;
    const saved = await invokeOk<ConnectionSummary>(app, 'connections:save', {
      kind: 'woodpecker',
      label: 'Main',
      baseUrl: sandbox.url,
      apiKey: key,
      keyStorage: 'keychain',
    });
    expect(saved.keyState).toBe('saved');
    expect(await readFile(join(app.dataDir, 'secrets.json'), 'utf8')).toContain(saved.id);
    const other = await invokeOk<ConnectionSummary>(app, 'connections:save', {
      kind: 'woodpecker',
      label: 'Borrowed',
      baseUrl: sandbox.url,
      apiKey: `${key}`,
      keyStorage: 'session',
    });
    expect(other.keyState).toBe('session');
    expect(await readFile(join(app.dataDir, 'secrets.json'), 'utf8')).not.toContain(other.id);
    const sandboxConnection = await invokeOk<ConnectionSummary>(app, 'connections:save', {
      kind: 'sandbox',
      label: 'Sandbox',
    });
    expect(sandboxConnection.keyState).toBe('not-needed');
    expect(
      (
        await invokeOk<{ connections: ConnectionSummary[] }>(app, 'connections:list')
      ).connections.map((c) => c.keyState),
    ).toEqual(['saved', 'session', 'not-needed']);
  });
});
