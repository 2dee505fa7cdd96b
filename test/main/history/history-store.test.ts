import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/main/history/history-store';
import type { NewHistoryEntry } from '../../../src/main/history/history-store';
import { withTempDir } from '../../support/temp-dir';

const entry = (kind: NewHistoryEntry['kind'], deleted: number): NewHistoryEntry => ({
  kind,
  state: 'succeeded',
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:01:00.000Z',
  connection: { id: 'c1', label: 'Main' },
  runId: `run-${deleted}`,
  counts: { deleted },
  files: [{ label: 'backup (JSONL)', path: '/x/run.jsonl' }],
  backup: '/x/run.manifest.json',
});

describe('HistoryStore', () => {
  it('lists nothing before the first run', async () => {
    await withTempDir(async (dir) => {
      expect(await new HistoryStore(dir).list()).toEqual({ entries: [], unreadable: 0 });
    });
  });

  it('keeps entries across instances, newest first, each with its own id', async () => {
    await withTempDir(async (dir) => {
      const first = await new HistoryStore(dir).append(entry('delete', 3));
      await new HistoryStore(dir).append(entry('restore', 3));
      const { entries } = await new HistoryStore(dir).list();
      expect(entries.map((e) => e.kind)).toEqual(['restore', 'delete']);
      expect(entries[1]).toEqual(first);
      expect(entries[0]!.id).not.toBe(first.id);
    });
  });

  it('skips a torn line left by a crash and appends after it on a fresh line', async () => {
    await withTempDir(async (dir) => {
      const store = new HistoryStore(dir);
      await store.append(entry('delete', 1));
      await appendFile(join(dir, 'history.jsonl'), '{"id":"h_torn","kind":"del');
      await store.append(entry('update', 2));
      const { entries, unreadable } = await store.list();
      expect(entries.map((e) => e.counts)).toEqual([{ deleted: 2 }, { deleted: 1 }]);
      expect(unreadable).toBe(1);
      const lines = (await readFile(join(dir, 'history.jsonl'), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(3);
    });
  });

  it('refuses an entry that does not match the schema, writing nothing', async () => {
    await withTempDir(async (dir) => {
      const store = new HistoryStore(dir);
      const bad = {
        ...entry('delete', 1),
        counts: { deleted: 'many' },
      } as unknown as NewHistoryEntry;
      await expect(store.append(bad)).rejects.toThrow();
      expect((await store.list()).entries).toEqual([]);
    });
  });
});
