import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { exportAccount } from '../../../src/main/jobs/export-account';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { ImportSession } from '../../../src/shared/import/import-session';
import type { Prospect } from '../../../src/shared/prospect';
import { PROSPECT_EXPORT_COLUMNS } from '../../../src/shared/prospect';
import { buildPreview, sessionPreviewSource } from '../../../src/shared/update/list-preview-rows';
import { lookupProspects } from '../../../src/shared/update/stored-prospect';
import { FORMULA_PROSPECTS } from '../../support/formula-prospects';
import { withTempDir } from '../../support/temp-dir';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 2_345 });
});
afterAll(async () => sandbox.close());

const client = () =>
  new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker });

describe('exportAccount', () => {
  it('writes every prospect to JSON in pages of 1,000', async () => {
    sandbox.reset();
    await withTempDir(async (dir) => {
      const path = join(dir, 'all.json');
      const result = await exportAccount({ client: client(), path, format: 'json' });
      expect(result.prospects).toBe(2_345);
      const rows = JSON.parse(await readFile(path, 'utf8')) as { id: number; email: string }[];
      expect(rows.map((r) => r.id)).toEqual(
        [...sandbox.state.prospects().keys()].sort((a, b) => a - b),
      );
      const lists = sandbox.log.filter((e) => e.method === 'GET');
      expect(lists.every((e) => e.query.per_page === '1000')).toBe(true);
      expect(lists.length).toBeGreaterThanOrEqual(3);
      expect(lists.length).toBeLessThanOrEqual(4);
    });
  });

  it('writes a formula-safe CSV with one record per prospect', async () => {
    sandbox.reset();
    await withTempDir(async (dir) => {
      const path = join(dir, 'all.csv');
      await exportAccount({ client: client(), path, format: 'csv' });
      const text = await readFile(path, 'utf8');
      expect(text.startsWith(`${PROSPECT_EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true);
      for (const prospect of sandbox.state.prospects().values())
        expect(text).toContain(prospect.email);
      // No cell may start a formula (quoted cells are checked after the quote).
      expect(text).not.toMatch(/(^|,|\r\n)"?[=@]/);
    });
  });

  it('leaves no file when the account cannot be read', async () => {
    sandbox.reset();
    await withTempDir(async (dir) => {
      sandbox.faults.add({ match: { method: 'GET' }, fault: { kind: 'status', status: 401 } });
      const path = join(dir, 'all.csv');
      await expect(exportAccount({ client: client(), path, format: 'csv' })).rejects.toMatchObject({
        code: 'auth',
      });
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('leaves no file when cancelled', async () => {
    sandbox.reset();
    await withTempDir(async (dir) => {
      const controller = new AbortController();
      const path = join(dir, 'all.csv');
      const run = exportAccount({
        client: client(),
        path,
        format: 'csv',
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expect(run).rejects.toBeDefined();
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('reads back exactly when imported unchanged: the preview shows 0 changes (decision 003)', async () => {
    sandbox.reset();
    await client().updateProspects({ prospects: FORMULA_PROSPECTS, fileName: 'formula cells' });
    const account = new Map<string, Prospect>();
    for await (const page of client().listAll()) {
      for (const p of page) account.set(p.email.toLowerCase(), p);
    }
    await withTempDir(async (dir) => {
      const path = join(dir, 'all.csv');
      await exportAccount({ client: client(), path, format: 'csv' });
      const text = await readFile(path, 'utf8');
      expect(text).toContain(`'-ops@example.com,'-Ana,'@Lee,`);
      expect(text).toContain(`,apostrophes@example.com,'Tis,'90s,''=not a formula,`);
      expect(text).toContain(`,'''-two apostrophes,+1 (555) 010-9999,,O'Fallon,`);

      const session = ImportSession.start(createReadStream(path), {
        fileName: 'all.csv',
        totalBytes: null,
      });
      const summary = await session.done;
      expect(summary).toMatchObject({ rows: 2_345 + FORMULA_PROSPECTS.length, invalid: 0 });
      // The list holds the account's values exactly, apostrophes removed only where ours.
      const source = sessionPreviewSource(session, 'all');
      const header = summary.headers;
      for (let i = 0; i < source.length; i++) {
        const cells = source.cells(i);
        const prospect = account.get(cells[header.indexOf('email')]!.toLowerCase());
        expect(prospect).toBeDefined();
        for (const [column, cell] of cells.entries()) {
          const value = prospect![header[column] as keyof Prospect] ?? '';
          expect(cell).toBe(String(value));
        }
      }
      const lookup = lookupProspects((key) => account.get(key));
      for (const clearBlanks of [false, true]) {
        const preview = await buildPreview(source, lookup, { clearBlanks });
        expect(preview.summary().byKind).toEqual({
          new: 0,
          changed: 0,
          unchanged: 2_345 + FORMULA_PROSPECTS.length,
          invalid: 0,
          duplicate: 0,
        });
      }
    });
  });
});
