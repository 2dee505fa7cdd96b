import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  encodeUpdateJournalLine,
  openUpdateJournal,
  readUpdateJournal,
  replayUpdateJournal,
} from '../../../src/main/update/update-journal';
import type {
  UpdateJournalEntry,
  UpdateJournalInput,
} from '../../../src/main/update/update-journal';
import { withTempDir } from '../../support/temp-dir';

const at = '2026-12-08T00:00:00.000Z';
const ok = (row: number) => ({ row, outcome: 'updated' as const, prospectId: row });

/** Entries numbered from 1, as a journal holds them. */
const numbered = (entries: UpdateJournalInput[]): UpdateJournalEntry[] =>
  entries.map((e, i) => ({ ...e, seq: i + 1, at }) as UpdateJournalEntry);

const replay = (entries: UpdateJournalInput[]) => replayUpdateJournal(numbered(entries));

describe('the update journal', () => {
  it('replays batches into row outcomes, the latest one winning', () => {
    const state = replay([
      { type: 'held', outcomes: [] },
      { type: 'intent', batch: 0, op: 'apply', rows: [2, 3] },
      { type: 'sent', batch: 0 },
      {
        type: 'outcome',
        batch: 0,
        via: 'answer',
        outcomes: [ok(2), { row: 3, outcome: 'failed', prospectId: 3, code: 'E', message: 'e' }],
      },
      { type: 'intent', batch: 1, op: 'retry', rows: [3] },
      { type: 'sent', batch: 1 },
    ]);
    expect(state.rows.get(3)).toMatchObject({ outcome: 'failed', source: 'answer' });
    expect(state.batches.map((b) => b.status)).toEqual(['done', 'unknown']);
    expect(state.applyEnd).toBeNull();
  });

  it.each([
    [
      'a batch sent twice',
      [
        { type: 'intent', batch: 0, op: 'apply', rows: [2] },
        { type: 'sent', batch: 0 },
        { type: 'sent', batch: 0 },
      ],
      /sends batch 0 twice/,
    ],
    [
      'a row in two open batches',
      [
        { type: 'intent', batch: 0, op: 'apply', rows: [2] },
        { type: 'intent', batch: 1, op: 'apply', rows: [2] },
      ],
      /puts row 2 in two batches/,
    ],
    [
      'an outcome for other rows than the batch’s',
      [
        { type: 'intent', batch: 0, op: 'apply', rows: [2, 3] },
        { type: 'sent', batch: 0 },
        { type: 'outcome', batch: 0, via: 'answer', outcomes: [ok(2)] },
      ],
      /does not cover exactly the rows of batch 0/,
    ],
    [
      'an answer for a batch never sent',
      [
        { type: 'intent', batch: 0, op: 'apply', rows: [2] },
        { type: 'outcome', batch: 0, via: 'answer', outcomes: [ok(2)] },
      ],
      /never sent/,
    ],
    [
      'an end while a batch is open',
      [
        { type: 'intent', batch: 0, op: 'apply', rows: [2] },
        { type: 'end', op: 'apply', state: 'finished' },
      ],
      /while a batch has no outcome/,
    ],
    [
      'a held entry after a batch',
      [
        { type: 'intent', batch: 0, op: 'apply', rows: [2] },
        { type: 'held', outcomes: [] },
      ],
      /comes after the first batch/,
    ],
  ] as const)('refuses %s', (_name, entries, message) => {
    expect(() => replay(entries as never)).toThrow(message);
  });

  it('drops only a last line without its newline; a damaged complete line is damage', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'run.journal');
      const journal = await openUpdateJournal(path);
      await journal.append({ type: 'intent', batch: 0, op: 'apply', rows: [2] });
      await journal.append({ type: 'sent', batch: 0 });
      await journal.close();
      const whole = await readFile(path, 'utf8');

      await appendFile(path, '{"seq":3,"type":"outc');
      const torn = await readUpdateJournal(path);
      expect(torn.entries).toHaveLength(2);
      expect(torn.torn).toMatchObject({ reason: 'cut off (no newline)' });
      // Reopened, the torn line is cut off and the next entry follows the last good one.
      const reopened = await openUpdateJournal(path);
      await reopened.append({ type: 'outcome', batch: 0, via: 'read-back', outcomes: [ok(2)] });
      await reopened.close();
      expect((await readUpdateJournal(path)).entries.map((e) => e.seq)).toEqual([1, 2, 3]);

      const flipped = `${whole}${encodeUpdateJournalLine({ seq: 3, type: 'end', op: 'apply', state: 'finished', at }).replace('finished', 'finishex')}`;
      await writeFile(path, flipped);
      await expect(readUpdateJournal(path)).rejects.toThrow(
        /damaged at entry 3 \(checksum mismatch\)/,
      );
    });
  });
});
