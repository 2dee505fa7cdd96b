import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resumeUpdate } from '../../../src/main/update/resume-update';
import { retryFailed, revertUpdate } from '../../../src/main/update/retry-revert';
import { readOutcomes } from '../../../src/main/update/run-outcomes';
import { readRun, updatePaths } from '../../../src/main/update/update-files';
import { readUpdateJournal } from '../../../src/main/update/update-journal';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { rejectionOf } from '../api/support';
import { withTempDir } from '../../support/temp-dir';
import {
  applyPreview,
  CONNECTION,
  Killed,
  killAt,
  longList,
  previewCsv,
  resultLines,
  sandboxClient,
  sendCounts,
  sentEmails,
  updateRequests,
  useUpdateSandbox,
} from './update-fixture';

let sandbox: Sandbox;
const getSandbox = useUpdateSandbox();
beforeEach(() => {
  sandbox = getSandbox();
});

// 56 changed rows and 14 new ones in batches of 5: 14 batches; row 72 is unchanged.
const CHANGED = 56;
const FRESH = 14;
const BATCH = 5;
const own = (dir: string) => ({
  dir,
  client: sandboxClient(sandbox),
  connectionId: CONNECTION.id,
});

/** Applies the long list and "kills" the apply where `checkpoint` throws. */
async function killedApply(dir: string, checkpoint: (at: string) => void) {
  const client = sandboxClient(sandbox);
  const preview = await previewCsv(client, longList(sandbox, CHANGED, FRESH));
  const planned = await preview.plannedRows();
  const error = await rejectionOf(
    applyPreview(client, preview, dir, { batchSize: BATCH, checkpoint }),
  );
  expect(error).toBeInstanceOf(Killed);
  return { planned, preview };
}

const emailsOfBatches = (from: number, to: number) =>
  updateRequests(sandbox)
    .slice(from, to)
    .flatMap((e) => sentEmails([e]).map((m) => m.toLowerCase()));

/** Every planned email went out exactly once. */
function expectEachSentOnce(emails: readonly string[]): void {
  const counts = sendCounts(sandbox);
  expect(emails.filter((e) => counts.get(e.toLowerCase()) !== 1)).toEqual([]);
  expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(emails.length);
}

/** outcomes.jsonl, success.csv and errors.csv of a run, as text. */
async function finalFiles(dir: string): Promise<[string, string, string]> {
  const paths = updatePaths(dir);
  const read = (path: string) => readFile(path, 'utf8');
  return Promise.all([read(paths.outcomes), read(paths.success), read(paths.errors)]);
}

describe('an apply killed part way', () => {
  it('after batch 3 of 14: resume sends only the 11 batches left, once, and the files equal an uninterrupted run', async () => {
    await withTempDir(async (root) => {
      const dir = join(root, 'killed');
      const { planned, preview } = await killedApply(dir, killAt('outcome', 3));
      expect(updateRequests(sandbox)).toHaveLength(3);
      // What was applied is on disk, though no outcome file was written yet.
      const journal = await readUpdateJournal(updatePaths(dir).journal);
      expect(journal.entries.filter((e) => e.type === 'outcome')).toHaveLength(3);
      expect(existsSync(updatePaths(dir).outcomes)).toBe(false);

      const result = await resumeUpdate(own(dir));
      expect(result).toMatchObject({
        resumed: true,
        reconciled: 0,
        counts: { updated: CHANGED, added: FRESH, unchanged: 1, failed: 0, unknown: 0 },
      });
      expect(updateRequests(sandbox)).toHaveLength(14);
      expectEachSentOnce(planned.map((p) => p.update.email));
      const [outcomes, success, errors] = await finalFiles(dir);
      expect(outcomes.trim().split('\n')).toHaveLength(CHANGED + FRESH + 1);
      expect(await resultLines(updatePaths(dir).errors)).toEqual([]);
      expect((await readRun(dir)).counts).toMatchObject({ updated: CHANGED, added: FRESH });

      // The same list applied without a kill, from the same account state.
      sandbox.reset();
      const clean = join(root, 'clean');
      await applyPreview(sandboxClient(sandbox), preview, clean, { batchSize: BATCH });
      expect(await finalFiles(clean)).toEqual([outcomes, success, errors]);
    });
  });

  it('after a batch was applied but before its answer was journaled: read back, never sent again', async () => {
    await withTempDir(async (dir) => {
      const { planned } = await killedApply(dir, killAt('answer', 2));
      expect(updateRequests(sandbox)).toHaveLength(2);
      expect(updateRequests(sandbox)[1]!.applied).toBe(true);
      const logged = sandbox.log.length;

      const result = await resumeUpdate(own(dir));
      expect(result).toMatchObject({
        reconciled: BATCH,
        counts: { updated: CHANGED, added: FRESH },
      });
      // The read-back (a GET) came before any other update request.
      const next = sandbox.log.slice(logged);
      expect(next[0]?.method).toBe('GET');
      expectEachSentOnce(planned.map((p) => p.update.email));
      const journal = await readUpdateJournal(updatePaths(dir).journal);
      expect(journal.entries.find((e) => e.type === 'outcome' && e.batch === 1)).toMatchObject({
        via: 'read-back',
      });
    });
  });

  it('after `sent` but before the request left: read back as not applied, then sent once', async () => {
    await withTempDir(async (dir) => {
      const { planned } = await killedApply(dir, killAt('sent', 4));
      expect(updateRequests(sandbox)).toHaveLength(3);
      const result = await resumeUpdate(own(dir));
      expect(result.counts).toMatchObject({ updated: CHANGED, added: FRESH, failed: 0 });
      expectEachSentOnce(planned.map((p) => p.update.email));
    });
  });

  it('after an intent (nothing sent): the batch is closed unsent and its rows sent once', async () => {
    await withTempDir(async (dir) => {
      const { planned } = await killedApply(dir, killAt('intent', 4));
      const result = await resumeUpdate(own(dir));
      expect(result.counts).toMatchObject({ updated: CHANGED, added: FRESH, failed: 0 });
      expectEachSentOnce(planned.map((p) => p.update.email));
      const journal = await readUpdateJournal(updatePaths(dir).journal);
      expect(journal.entries.find((e) => e.type === 'outcome' && e.batch === 3)).toMatchObject({
        via: 'not-sent',
      });
    });
  });

  it('after the last entry, before the files: resume rebuilds them without a request', async () => {
    await withTempDir(async (dir) => {
      await killedApply(dir, killAt('end', 1));
      const requests = updateRequests(sandbox).length;
      const logged = sandbox.log.length;
      const result = await resumeUpdate(own(dir));
      expect(result).toMatchObject({ resumed: false, requests: 0 });
      expect(sandbox.log.length).toBe(logged);
      expect(updateRequests(sandbox)).toHaveLength(requests);
      expect(await readOutcomes(dir)).toHaveLength(CHANGED + FRESH + 1);
    });
  });

  it('retry works on it: no missing file, the rows not sent yet go out once, applied ones never', async () => {
    await withTempDir(async (dir) => {
      const { planned } = await killedApply(dir, killAt('outcome', 3));
      // Before: the outcomes of a killed run were only in memory; retry crashed with ENOENT.
      const retry = await retryFailed(own(dir));
      expect(retry).toMatchObject({ retried: CHANGED + FRESH - 3 * BATCH });
      expect(retry.counts).toMatchObject({ updated: CHANGED, added: FRESH, failed: 0 });
      expectEachSentOnce(planned.map((p) => p.update.email));
      // The apply counts as finished now: nothing left to resume.
      const resumed = await resumeUpdate(own(dir));
      expect(resumed).toMatchObject({ resumed: false, requests: 0 });
    });
  });

  it('revert works on it and touches only the rows the journal says were updated', async () => {
    await withTempDir(async (dir) => {
      await killedApply(dir, killAt('outcome', 3));
      const applied = emailsOfBatches(0, 3);
      const revert = await revertUpdate(own(dir));
      expect(revert).toMatchObject({ reverted: 3 * BATCH, failed: 0, added: 0 });
      // In the run's batches of 5: three requests, exactly the applied rows.
      expect(emailsOfBatches(3, 6).sort()).toEqual([...applied].sort());
      expect(updateRequests(sandbox)).toHaveLength(6);
      // A resume after the revert sends nothing: the revert closed the apply.
      const resumed = await resumeUpdate(own(dir));
      expect(resumed).toMatchObject({ resumed: false });
      expect(updateRequests(sandbox)).toHaveLength(6);
      const outcomes = await readOutcomes(dir);
      expect(outcomes.filter((o) => o.code === 'CANCELLED')).toHaveLength(CHANGED + FRESH - 15);
    });
  });

  it('a revert run again (as after a kill) finds the rows already put back and sends nothing', async () => {
    await withTempDir(async (dir) => {
      await killedApply(dir, killAt('outcome', 3));
      await revertUpdate(own(dir));
      const requests = updateRequests(sandbox).length;
      const again = await revertUpdate(own(dir));
      expect(again).toMatchObject({ reverted: 3 * BATCH, failed: 0 });
      expect(updateRequests(sandbox)).toHaveLength(requests);
      const lines = await resultLines(updatePaths(dir).revertSuccess);
      expect(new Set(lines.map((l) => l.code))).toEqual(new Set(['ALREADY_REVERTED']));
    });
  });

  it('a resume that is cancelled is resumed again, still sending each row once', async () => {
    await withTempDir(async (dir) => {
      const { planned } = await killedApply(dir, killAt('outcome', 2));
      const controller = new AbortController();
      const first = await resumeUpdate({
        ...own(dir),
        signal: controller.signal,
        onProgress: (p) => p.done >= 2 * BATCH && controller.abort(),
      });
      expect(first.counts.failed).toBeGreaterThan(0);
      const second = await resumeUpdate(own(dir));
      expect(second).toMatchObject({ resumed: false });
      // A cancelled resume ends the apply: the rest is sent by retry.
      const retry = await retryFailed(own(dir));
      expect(retry.counts).toMatchObject({ updated: CHANGED, added: FRESH, failed: 0 });
      expectEachSentOnce(planned.map((p) => p.update.email));
    });
  });
});
