import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autoMap } from '../../../src/shared/import/header-mapping';
import { createPreset } from '../../../src/shared/import/mapping-presets';
import type { MappingPreset } from '../../../src/shared/import/mapping-presets';
import { invokeOk, startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
beforeEach(async () => {
  app = await startAppUnderTest();
});
afterEach(async () => app.close());

const call = <T>(channel: string, input?: unknown) => invokeOk<T>(app, channel, input);

const begin = (fileName: string) =>
  call<{ exportId: string; path: string }>('exports:begin', { fileName });
const exportsFolder = () => readdir(join(app.dataDir, 'exports'));

describe('exports over IPC', () => {
  it('writes the chunks into exports/ exactly, visible only once committed', async () => {
    const { exportId, path } = await begin('view.csv');
    expect(path).toBe(join(app.dataDir, 'exports', 'view.csv'));
    const chunks = [
      'email,first_name\r\n',
      'zoë@example.com,Zoë\r\n',
      '王芳@example.cn,王芳 🚀\r\n',
    ];
    let written = 0;
    for (const text of chunks) {
      written = (await call<{ written: number }>('exports:chunk', { exportId, text })).written;
    }
    expect(written).toBe(Buffer.byteLength(chunks.join(''), 'utf8'));
    expect(await exportsFolder()).not.toContain('view.csv');

    expect(await call('exports:commit', { exportId })).toEqual({ path, bytes: written });
    expect(await readFile(path, 'utf8')).toBe(chunks.join(''));
    expect(await exportsFolder()).toEqual(['view.csv']);
  });

  it('gives a taken name the next free number', async () => {
    const first = await begin('view.json');
    await call('exports:commit', { exportId: first.exportId });
    const second = await begin('view.json');
    const third = await begin('VIEW.json');
    expect(second.path.endsWith('view (2).json')).toBe(true);
    expect(third.path.endsWith('VIEW (3).json')).toBe(true);
  });

  it('refuses names that could leave the exports folder, or other file types', async () => {
    for (const fileName of ['../evil.csv', 'a/b.csv', 'a\\b.csv', '.hidden.csv', 'x.exe', 'x']) {
      await expect(begin(fileName)).rejects.toMatchObject({ code: 'validation' });
    }
    await expect(exportsFolder()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('abort leaves nothing behind; unknown exports are not_found', async () => {
    const { exportId } = await begin('view.csv');
    await call('exports:chunk', { exportId, text: 'email\r\n' });
    expect(await call('exports:abort', { exportId })).toEqual({ aborted: true });
    expect(await exportsFolder()).toEqual([]);
    expect(await call('exports:abort', { exportId })).toEqual({ aborted: false });
    await expect(call('exports:chunk', { exportId, text: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call('exports:commit', { exportId })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('drops open exports when the app shuts down', async () => {
    const { exportId } = await begin('view.csv');
    await call('exports:chunk', { exportId, text: 'email\r\n' });
    await app.services.dispose();
    expect(await exportsFolder()).toEqual([]);
  });
});

describe('presets over IPC', () => {
  const preset = (id: string, headers: string[], createdAt: string): MappingPreset =>
    createPreset({ id, name: `Preset ${id}`, mapping: autoMap(headers), createdAt });

  it('lists nothing at first, then saved presets in save order', async () => {
    expect(await call('presets:list')).toEqual({ presets: [] });
    const a = preset('p1', ['Email', 'First Name'], '2026-11-22T00:00:00.000Z');
    const b = preset('p2', ['E-mail', 'Company'], '2026-11-22T01:00:00.000Z');
    expect(await call('presets:save', { preset: a })).toEqual(a);
    await call('presets:save', { preset: b });
    expect(await call('presets:list')).toEqual({ presets: [a, b] });
  });

  it('replaces a preset with the same headers (any order) or the same id', async () => {
    const a = preset('p1', ['Email', 'First Name'], '2026-11-22T00:00:00.000Z');
    const sameHeaders = preset('p2', ['first name', 'EMAIL'], '2026-11-22T01:00:00.000Z');
    await call('presets:save', { preset: a });
    await call('presets:save', { preset: sameHeaders });
    expect(await call('presets:list')).toEqual({ presets: [sameHeaders] });

    const renamed = { ...preset('p2', ['Company'], '2026-11-22T02:00:00.000Z'), name: 'Renamed' };
    await call('presets:save', { preset: renamed });
    expect(await call('presets:list')).toEqual({ presets: [renamed] });
  });
});
