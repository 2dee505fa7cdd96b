import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startAppUnderTest();
});
afterEach(async () => app.close());

const invoke = (channel: string, input?: unknown) => app.services.router.invoke(channel, input);

describe('IPC router', () => {
  it('refuses unknown channels and invalid input with a validation Result, never a throw', async () => {
    expect(await invoke('fs:read', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    expect(await invoke('connections:save', { kind: 'woodpecker', label: '' })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Give the connection a name.' },
    });
    expect(
      await invoke('connections:save', { kind: 'sandbox', label: 'x', extra: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    expect(await invoke('connections:list', { sneaky: true })).toMatchObject({ ok: false });
  });

  it('turns API failures into typed errors with the vendor code', async () => {
    const sandbox = await app.services.sandbox.get();
    const saved = await invoke('connections:save', {
      kind: 'woodpecker',
      label: 'Wrong key',
      baseUrl: sandbox.url,
      apiKey: 'definitely-not-valid-key',
      keyStorage: 'keychain',
    });
    expect(saved.ok).toBe(true);
    const id = (saved as { value: { id: string } }).value.id;
    expect(await invoke('connections:test', { connectionId: id })).toMatchObject({
      ok: false,
      error: { code: 'auth', httpStatus: 401, vendorCode: 'E_SESSION' },
    });
  });

  it('never returns a key to the renderer, nor writes it to logs or settings', async () => {
    const sandbox = await app.services.sandbox.get();
    const key = sandbox.keys.woodpecker;
    const seen: unknown[] = [];
    const call = async (channel: string, input?: unknown) => {
      const result = await invoke(channel, input);
      seen.push(result);
      return result;
    };
    const saved = (await call('connections:save', {
      kind: 'woodpecker',
      label: 'Main',
      baseUrl: sandbox.url,
      apiKey: key,
      keyStorage: 'keychain',
    })) as { ok: true; value: { id: string } };
    await call('connections:list');
    await call('connections:test', { connectionId: saved.value.id });
    await call('app:info');
    // A failing call is logged: its log line must not carry the key either.
    sandbox.faults.add({ fault: { kind: 'status', status: 403 } });
    await call('connections:test', { connectionId: saved.value.id });

    expect(JSON.stringify(seen)).not.toContain(key);
    for (const file of await listFiles(app.dataDir)) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toContain(key);
    }
    expect(await readFile(join(app.dataDir, 'logs', 'main.log'), 'utf8')).toContain(
      'connections:test',
    );
  });

  it('opens only allow-listed https links', async () => {
    expect(await invoke('app:open-external', { url: 'https://docs.woodpecker.co/' })).toEqual({
      ok: true,
      value: { opened: true },
    });
    for (const url of [
      'http://woodpecker.co',
      'file:///etc/passwd',
      'https://evil.example/',
      'javascript:alert(1)',
    ]) {
      expect(await invoke('app:open-external', { url })).toEqual({
        ok: true,
        value: { opened: false },
      });
    }
    expect(app.opened).toEqual(['https://docs.woodpecker.co/']);
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
