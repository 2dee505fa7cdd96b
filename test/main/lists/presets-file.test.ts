import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PresetStore } from '../../../src/main/lists/presets-file';
import { autoMap } from '../../../src/shared/import/header-mapping';
import { createPreset } from '../../../src/shared/import/mapping-presets';
import type { MappingPreset } from '../../../src/shared/import/mapping-presets';
import { makeTempDir } from '../../support/temp-dir';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: dataDir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

const preset = (id: string, headers: string[]): MappingPreset =>
  createPreset({ id, name: id, mapping: autoMap(headers), createdAt: '2026-11-23T10:00:00.000Z' });

describe('PresetStore', () => {
  it('keeps every distinct preset across concurrent saves', async () => {
    const store = new PresetStore(dataDir);
    const saved = [preset('a', ['Email']), preset('b', ['Company']), preset('c', ['Phone'])];
    await Promise.all(saved.map((p) => store.save(p)));
    expect(await new PresetStore(dataDir).list()).toEqual(saved);
  });

  it('reads fields naming no known prospect field as unmapped', async () => {
    const stored = { ...preset('a', ['Email']), fields: { Email: 'not_a_field' } };
    await writeFile(join(dataDir, 'presets.json'), JSON.stringify([stored]));
    expect(await new PresetStore(dataDir).list()).toEqual([{ ...stored, fields: { Email: null } }]);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['not presets', '[{"id": 1}]', /invalid at "0\.id"/],
  ])('reports a damaged file (%s) instead of an empty list', async (_case, text, message) => {
    await writeFile(join(dataDir, 'presets.json'), text);
    await expect(new PresetStore(dataDir).list()).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(message),
    });
  });

  it('a save over a damaged file keeps the damaged copy aside and starts afresh', async () => {
    await writeFile(join(dataDir, 'presets.json'), '{ broken');
    const store = new PresetStore(dataDir);
    const a = preset('a', ['Email']);
    await store.save(a);
    expect(await store.list()).toEqual([a]);
    const aside = (await readdir(dataDir)).filter((n) => n.startsWith('presets.damaged-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dataDir, aside[0]!), 'utf8')).toBe('{ broken');
  });
});
