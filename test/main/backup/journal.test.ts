import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalCorruptError } from '../../../src/main/backup/backup-errors';
import { encodeJournalLine } from '../../../src/main/backup/journal-entry';
import { openJournal, readJournal, replayJournal } from '../../../src/main/backup/journal';
import type { Journal } from '../../../src/main/backup/journal';
import { makeTempDir } from '../../support/temp-dir';

let dir: string;
let cleanup: () => Promise<void>;
let path: string;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  path = join(dir, 'run-1.journal');
});
afterEach(() => cleanup());

const now = () => new Date('2026-11-23T02:00:00.000Z');

/** Four batches, one in each state: done, failed, unknown (sent, no outcome), pending. */
async function writeRun(journal: Journal): Promise<void> {
  await journal.append({ type: 'intent', batch: 0, ids: ['101', '102'] });
  await journal.append({ type: 'sent', batch: 0 });
  await journal.append({ type: 'outcome', batch: 0, outcome: { status: 'done' } });
  await journal.append({ type: 'intent', batch: 1, ids: ['103'] });
  await journal.append({ type: 'sent', batch: 1 });
  await journal.append({
    type: 'outcome',
    batch: 1,
    outcome: {
      status: 'failed',
      code: 'E_WRONG_PARAM',
      message: 'Bad "id" — ünïcode',
      failedIds: ['103'],
    },
  });
  await journal.append({ type: 'intent', batch: 2, ids: ['104'] });
  await journal.append({ type: 'sent', batch: 2 });
  await journal.append({ type: 'intent', batch: 3, ids: ['105', '106'] });
}

async function corruptCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JournalCorruptError);
  return (error as JournalCorruptError).code;
}

describe('journal', () => {
  it('appends durably and replays each batch to its state', async () => {
    const journal = await openJournal(path, { now });
    await writeRun(journal);
    await journal.close();

    const { entries, torn } = await readJournal(path);
    expect(torn).toBeNull();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(entries[0]).toEqual({
      seq: 1,
      type: 'intent',
      batch: 0,
      ids: ['101', '102'],
      at: now().toISOString(),
    });

    const replay = replayJournal(entries);
    expect(replay.lastSeq).toBe(9);
    expect(replay.batches.map((b) => [b.batch, b.status, b.sends])).toEqual([
      [0, 'done', 1],
      [1, 'failed', 1],
      [2, 'unknown', 1],
      [3, 'pending', 0],
    ]);
    expect(replay.batches[1]?.outcome).toEqual({
      status: 'failed',
      code: 'E_WRONG_PARAM',
      message: 'Bad "id" — ünïcode',
      failedIds: ['103'],
    });
    expect(replay.batches[3]?.ids).toEqual(['105', '106']);
  });

  it('resumes where it stopped: the reopened journal continues the sequence', async () => {
    const first = await openJournal(path, { now });
    await writeRun(first);
    await first.close();

    const resumed = await openJournal(path, { now });
    expect(resumed.state().batches.find((b) => b.batch === 2)?.status).toBe('unknown');
    // Reconciled by re-listing, then resent; the pending batch is sent for the first time.
    await resumed.append({ type: 'sent', batch: 2 });
    await resumed.append({ type: 'outcome', batch: 2, outcome: { status: 'done' } });
    await resumed.append({ type: 'sent', batch: 3 });
    await resumed.close();

    const replay = replayJournal((await readJournal(path)).entries);
    expect(replay.lastSeq).toBe(12);
    expect(replay.batches.map((b) => [b.status, b.sends])).toEqual([
      ['done', 1],
      ['failed', 1],
      ['done', 2],
      ['unknown', 1],
    ]);
  });

  it('serialises concurrent appends into consecutive seqs', async () => {
    const journal = await openJournal(path, { now });
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, batch) =>
        journal.append({ type: 'intent', batch, ids: [`${batch}`] }),
      ),
    );
    await journal.close();
    expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await readJournal(path)).entries).toHaveLength(20);
  });

  it('refuses impossible transitions without writing them', async () => {
    const journal = await openJournal(path, { now });
    await journal.append({ type: 'intent', batch: 0, ids: ['1'] });
    await journal.append({ type: 'outcome', batch: 0, outcome: { status: 'done' } });
    expect(await corruptCode(journal.append({ type: 'sent', batch: 0 }))).toBe(
      'invalid-transition',
    );
    expect(await corruptCode(journal.append({ type: 'sent', batch: 7 }))).toBe(
      'invalid-transition',
    );
    expect(await corruptCode(journal.append({ type: 'intent', batch: 0, ids: ['2'] }))).toBe(
      'invalid-transition',
    );
    await journal.append({ type: 'intent', batch: 1, ids: ['2'] });
    await journal.close();
    expect((await readJournal(path)).entries.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('ignores and reports a torn last line, and cuts it off before the next append', async () => {
    const journal = await openJournal(path, { now });
    await writeRun(journal);
    await journal.close();
    const good = await readFile(path);
    await writeFile(path, Buffer.concat([good, Buffer.from('{"seq":10,"type":"se')]));

    const read = await readJournal(path);
    expect(read.entries).toHaveLength(9);
    expect(read.torn).toEqual({ offset: good.length, bytes: 20, reason: 'cut off (no newline)' });

    const reopened = await openJournal(path, { now });
    expect(reopened.torn?.offset).toBe(good.length);
    await reopened.append({ type: 'sent', batch: 3 });
    await reopened.close();
    const after = await readJournal(path);
    expect(after.torn).toBeNull();
    expect(after.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses a complete last line whose checksum fails: only a line without its newline is torn', async () => {
    const journal = await openJournal(path, { now });
    await writeRun(journal);
    await journal.close();
    const text = await readFile(path, 'utf8');
    // The newline is the last byte an append writes: a complete line with a
    // changed byte is damage, never a crash. Dropping it would forget an entry.
    await writeFile(path, text.replace(/"ids":\["105"/, '"ids":["195"'));
    expect(await corruptCode(readJournal(path))).toBe('bad-line');
    expect(await corruptCode(openJournal(path))).toBe('bad-line');
    expect(await readFile(path, 'utf8')).not.toBe(text); // nothing was cut off
    // The same line without its newline is a torn write: dropped, and cut off on open.
    await writeFile(path, text.replace(/"ids":\["105"/, '"ids":["195"').slice(0, -1));
    const read = await readJournal(path);
    expect(read.entries).toHaveLength(8);
    expect(read.torn?.reason).toBe('cut off (no newline)');
  });

  it('throws on damage anywhere but the last line', async () => {
    const journal = await openJournal(path, { now });
    await writeRun(journal);
    await journal.close();
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');

    // One changed id in the middle: the checksum catches it.
    await writeFile(path, text.replace('"ids":["103"]', '"ids":["108"]'));
    expect(await corruptCode(readJournal(path))).toBe('bad-line');
    expect(await corruptCode(openJournal(path))).toBe('bad-line');
    // A torn line followed by more entries is not a crash artefact.
    await writeFile(
      path,
      [...lines.slice(0, 3), lines[3]?.slice(0, 10), ...lines.slice(4)].join('\n'),
    );
    expect(await corruptCode(readJournal(path))).toBe('bad-line');
    // A dropped line leaves a seq gap.
    await writeFile(path, [...lines.slice(0, 3), ...lines.slice(4)].join('\n'));
    expect(await corruptCode(readJournal(path))).toBe('seq-gap');
  });

  it('replay refuses entries out of order even when every line is intact', async () => {
    const at = now().toISOString();
    expect(() => replayJournal([{ seq: 1, type: 'sent', batch: 0, at }])).toThrow(
      JournalCorruptError,
    );
    expect(() => replayJournal([{ seq: 2, type: 'intent', batch: 0, ids: ['1'], at }])).toThrow(
      /follows entry 0/,
    );
    // A line with a good checksum but an impossible transition stops openJournal.
    await writeFile(path, encodeJournalLine({ seq: 1, type: 'sent', batch: 0, at }));
    expect(await corruptCode(openJournal(path))).toBe('invalid-transition');
  });

  it('survives a crash at every byte of the last append', async () => {
    const journal = await openJournal(path, { now });
    await writeRun(journal);
    await journal.close();
    const full = await readFile(path);
    const lastStart = full.lastIndexOf(0x0a, full.length - 2) + 1;
    const before = replayJournal((await readJournal(path)).entries.slice(0, -1));
    const complete = replayJournal((await readJournal(path)).entries);

    for (let cut = lastStart; cut < full.length; cut++) {
      await writeFile(path, full);
      await truncate(path, cut);
      const read = await readJournal(path);
      expect(read.entries).toHaveLength(8);
      expect(read.torn === null).toBe(cut === lastStart);
      expect(read.validBytes).toBe(lastStart);
      expect(replayJournal(read.entries)).toEqual(before);

      // Resume: redo the lost append; the journal ends exactly as if nothing happened.
      const resumed = await openJournal(path, { now });
      expect(resumed.state()).toEqual(before);
      await resumed.append({ type: 'intent', batch: 3, ids: ['105', '106'] });
      await resumed.close();
      expect(await readFile(path)).toEqual(full);
      expect(replayJournal((await readJournal(path)).entries)).toEqual(complete);
    }
  });
});
