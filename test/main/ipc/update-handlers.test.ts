import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvRecord } from '../../../src/shared/csv/csv-writer';
import { ImportSession } from '../../../src/shared/import/import-session';
import type { HistoryEntry } from '../../../src/shared/history';
import type { ListMeta } from '../../../src/shared/lists';
import type { PreviewRow, PreviewSummary } from '../../../src/shared/update/update-preview';
import type { RowOutcome } from '../../../src/shared/update/update-types';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { finalEvent, invokeOk, jobResult, startSandboxApp } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

let app: AppUnderTest;
let sandbox: Sandbox;
let connectionId: string;
beforeEach(async () => {
  ({ app, sandbox, connectionId } = await startSandboxApp({
    prospects: 300,
    companies: [],
    leads: 0,
  }));
});
afterEach(async () => app.close());

/** Imports CSV text the way the renderer does and saves it as a list. */
async function saveList(csv: string, replaces?: string): Promise<ListMeta> {
  const bytes = new TextEncoder().encode(csv);
  const session = ImportSession.start(
    (async function* () {
      yield bytes;
    })(),
    { fileName: 'list.csv', totalBytes: bytes.length },
  );
  await session.done;
  const { rows, offsets } = session.serialize();
  const { uploadId } = await invokeOk<{ uploadId: string }>(app, 'lists:begin-save', {
    meta: { ...session.toListMetaInput('Q4 list'), ...(replaces && { replaces }) },
  });
  await invokeOk(app, 'lists:save-chunk', { uploadId, part: 'rows', seq: 0, bytes: rows });
  await invokeOk(app, 'lists:save-chunk', {
    uploadId,
    part: 'offsets',
    seq: 0,
    bytes: new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength),
  });
  return invokeOk<ListMeta>(app, 'lists:commit-save', { uploadId });
}

const prospects = () => [...sandbox.state.prospects().values()];
const byEmail = (email: string) => prospects().find((p) => p.email === email);

describe('snippet updates over IPC', () => {
  it('previews against a refreshed snapshot, excludes a row, applies, shows results, reverts', async () => {
    const [a, b, c] = prospects();
    const list = await saveList(
      [
        ['Email', 'Snippet 1'],
        [a!.email, 'Opener A'],
        [b!.email, 'Opener B'],
        [c!.email, String(c!.snippet1 ?? '')],
        ['fresh@example.com', 'Hello'],
      ]
        .map((cells) => csvRecord(cells))
        .join(''),
    );
    const preview = await jobResult<{ previewId: string; summary: PreviewSummary }>(
      app,
      'update:preview',
      { connectionId, listId: list.id, clearBlanks: false, refresh: true },
    );
    expect(preview.summary.byKind).toMatchObject({ changed: 2, unchanged: 1, new: 1 });
    const changed = await invokeOk<{ total: number; rows: PreviewRow[] }>(app, 'update:rows', {
      previewId: preview.previewId,
      kinds: ['changed'],
      offset: 0,
      limit: 100,
    });
    expect(changed.rows.map((r) => [r.email, r.changes[0]?.old, r.changes[0]?.new])).toEqual([
      [a!.email, a!.snippet1 ?? '', 'Opener A'],
      [b!.email, b!.snippet1 ?? '', 'Opener B'],
    ]);
    const summary = await invokeOk<PreviewSummary>(app, 'update:include', {
      previewId: preview.previewId,
      index: changed.rows[1]!.index,
      included: false,
    });
    expect(summary.included).toBe(2);

    const applied = await jobResult<{ runId: string; counts: Record<string, number> }>(
      app,
      'update:apply',
      { previewId: preview.previewId, fileName: 'Q4 opener' },
    );
    expect(applied.counts).toMatchObject({ updated: 1, added: 1, unchanged: 2, failed: 0 });
    expect(byEmail(a!.email)?.snippet1).toBe('Opener A');
    expect(byEmail(b!.email)?.snippet1).toBe(b!.snippet1); // excluded
    const outcomes = await invokeOk<{ total: number; rows: RowOutcome[] }>(app, 'update:outcomes', {
      runId: applied.runId,
      errorsOnly: false,
      offset: 0,
      limit: 100,
    });
    expect(outcomes.total).toBe(4);
    const errorsOnly = await invokeOk<{ total: number }>(app, 'update:outcomes', {
      runId: applied.runId,
      errorsOnly: true,
      offset: 0,
      limit: 100,
    });
    expect(errorsOnly.total).toBe(0);
    const missing = await app.services.router.invoke('update:outcomes', {
      runId: 'upd-never-ran',
      errorsOnly: false,
      offset: 0,
      limit: 10,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const reverted = await jobResult<{ reverted: number }>(app, 'update:revert', {
      runId: applied.runId,
    });
    expect(reverted.reverted).toBe(1);
    expect(byEmail(a!.email)?.snippet1).toBe(a!.snippet1);
    const { entries } = await invokeOk<{ entries: HistoryEntry[] }>(app, 'history:list');
    expect(entries.map((e) => e.kind)).toEqual(['revert', 'update']);
    expect(entries[1]).toMatchObject({ list: { name: 'Q4 list' }, counts: { updated: 1 } });
    const success = await readFile(entries[1]!.files[0]!.path, 'utf8');
    expect(success).toContain(a!.email);
    // Every file the history names exists: the change preview too, as it was approved.
    const changePreview = entries[1]!.files.find((f) => f.label === 'Change preview')!;
    const lines = (await readFile(changePreview.path, 'utf8')).split('\r\n');
    expect(lines.find((l) => l.startsWith(`3,${b!.email},changed,no,snippet1,`))).toContain(
      'Opener B',
    );
    expect(lines.filter((l) => l.includes(',fresh@example.com,new,yes,'))).toHaveLength(1);
  });

  it('refuses to apply a preview whose list was saved again since, before sending anything', async () => {
    const [a] = prospects();
    const csv = (opener: string) =>
      [
        ['Email', 'Snippet 1'],
        [a!.email, opener],
      ]
        .map((cells) => csvRecord(cells))
        .join('');
    const list = await saveList(csv('Opener A'));
    const preview = await jobResult<{ previewId: string; summary: PreviewSummary }>(
      app,
      'update:preview',
      { connectionId, listId: list.id, clearBlanks: false, refresh: true },
    );
    expect(preview.summary.byKind.changed).toBe(1);
    await saveList(csv('Something else'), list.id);
    const before = a!.snippet1;
    const { jobId } = await invokeOk<{ jobId: string }>(app, 'update:apply', {
      previewId: preview.previewId,
    });
    const last = await finalEvent(app, jobId);
    expect(last).toMatchObject({ state: 'failed', error: { code: 'conflict' } });
    expect(last.error?.message).toMatch(/saved again.*preview it again/);
    expect(byEmail(a!.email)?.snippet1).toBe(before);
    expect(sandbox.log.filter((e) => e.path.includes('add_prospects_list'))).toEqual([]);
  });
});
