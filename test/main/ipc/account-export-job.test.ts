import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { finalEvent, saveSandboxConnection, startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
afterEach(async () => app?.close());

const sandboxConnection = () => saveSandboxConnection(app);

describe('account:export job over IPC', () => {
  it('returns a job id at once, streams progress with totals, and ends with the file', async () => {
    app = await startAppUnderTest();
    const connectionId = await sandboxConnection();
    const started = await app.services.router.invoke('account:export', {
      connectionId,
      format: 'json',
    });
    expect(started.ok).toBe(true);
    const { jobId, path } = (started as { value: { jobId: string; path: string } }).value;
    const last = await finalEvent(app, jobId);
    expect(last).toMatchObject({
      state: 'succeeded',
      done: 2_500,
      total: 2_500,
      result: { prospects: 2_500, path },
    });
    expect(app.progress[0]).toMatchObject({ jobId, state: 'running' });
    expect(path.startsWith(join(app.dataDir, 'exports'))).toBe(true);
    expect(JSON.parse(await readFile(path, 'utf8'))).toHaveLength(2_500);
  });

  it('cancels on request: the job ends cancelled and no export file remains', async () => {
    app = await startAppUnderTest({ sandbox: { latencyMs: 50 } });
    const connectionId = await sandboxConnection();
    const started = await app.services.router.invoke('account:export', {
      connectionId,
      format: 'csv',
    });
    const { jobId } = (started as { value: { jobId: string } }).value;
    expect(await app.services.router.invoke('jobs:cancel', { jobId })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(await finalEvent(app, jobId)).toMatchObject({ state: 'cancelled' });
    expect(await readdir(join(app.dataDir, 'exports'))).toEqual([]);
    expect(await app.services.router.invoke('jobs:cancel', { jobId })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('refuses to export a Leads API connection with a clear message', async () => {
    app = await startAppUnderTest();
    const sandbox = await app.services.sandbox.get();
    const saved = await app.services.router.invoke('connections:save', {
      kind: 'leads',
      label: 'Leads',
      baseUrl: sandbox.url,
      apiKey: sandbox.keys.leads,
      keyStorage: 'keychain',
    });
    const id = (saved as { value: { id: string } }).value.id;
    expect(
      await app.services.router.invoke('account:export', { connectionId: id, format: 'csv' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });
});
