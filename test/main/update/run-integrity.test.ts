import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { resumeUpdate } from '../../../src/main/update/resume-update';
import { retryFailed, revertUpdate } from '../../../src/main/update/retry-revert';
import { readOutcomes } from '../../../src/main/update/run-outcomes';
import { readRun, updatePaths, writeRun } from '../../../src/main/update/update-files';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { rejectionOf } from '../api/support';
import { withTempDir } from '../../support/temp-dir';
import {
  applyPreview,
  CONNECTION,
  Killed,
  killAt,
  longList,
  plainProspects,
  previewCsv,
  sandboxClient,
  standardList,
  updateRequests,
  useUpdateSandbox,
} from './update-fixture';

let sandbox: Sandbox;
const getSandbox = useUpdateSandbox();
beforeEach(() => {
  sandbox = getSandbox();
});

const own = (dir: string) => ({ dir, client: sandboxClient(sandbox), connectionId: CONNECTION.id });

/**
 * The standard list (rows 2–9) in batches of 2, the second refused: rows 4
 * and 6 failed, so a retry has something to send. 8 outcome lines.
 */
async function runWithFailures(dir: string): Promise<void> {
  const client = sandboxClient(sandbox);
  const preview = await previewCsv(client, standardList(plainProspects(sandbox, 4)));
  sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'latency', ms: 0 } });
  sandbox.faults.add({
    match: { method: 'POST' },
    fault: { kind: 'status', status: 400, vendorCode: 'E_WRONG_PARAM' },
  });
  const result = await applyPreview(client, preview, dir, { batchSize: 2 });
  expect(result.counts.failed).toBe(2);
}

/** Expects `action` to be refused with one line naming `file`, nothing read or sent. */
async function expectRefused(action: Promise<unknown>, file: RegExp, what: RegExp): Promise<void> {
  const logged = sandbox.log.length;
  const error = (await rejectionOf(action)) as { code: string; message: string };
  expect(error.code).toBe('conflict');
  expect(error.message).not.toContain('\n');
  expect(error.message).toMatch(file);
  expect(error.message).toMatch(what);
  expect(error.message).toMatch(/cannot be trusted.*nothing was sent\. /);
  expect(sandbox.log.length).toBe(logged);
}

const lines = async (path: string) => (await readFile(path, 'utf8')).split(/(?<=\n)/);

describe('run files are trusted only when intact', () => {
  it('outcomes.jsonl cut at a line end (5 of 8 rows): retry refuses, naming the file, and sends nothing', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      const path = updatePaths(dir).outcomes;
      await writeFile(path, (await lines(path)).slice(0, 5).join(''));
      await expectRefused(retryFailed(own(dir)), /outcomes\.jsonl/, /does not match the run/);
      await expectRefused(revertUpdate(own(dir)), /outcomes\.jsonl/, /does not match the run/);
      await expectRefused(resumeUpdate(own(dir)), /outcomes\.jsonl/, /does not match the run/);
    });
  });

  it('planned.jsonl cut at a line end, or one byte flipped, is refused', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      const path = updatePaths(dir).planned;
      const original = await readFile(path, 'utf8');
      await writeFile(path, (await lines(path)).slice(0, 3).join(''));
      await expectRefused(
        retryFailed(own(dir)),
        /planned\.jsonl/,
        /holds 3 rows where 5 were written/,
      );
      await writeFile(path, original.replace('example', 'examplf'));
      await expectRefused(retryFailed(own(dir)), /planned\.jsonl/, /changed after it was written/);
      // As written, it is accepted again.
      await writeFile(path, original);
      await expect(retryFailed(own(dir))).resolves.toMatchObject({ retried: 2 });
    });
  });

  it('skipped.jsonl changed after it was written is refused', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      const path = updatePaths(dir).skipped;
      await writeFile(path, (await readFile(path, 'utf8')).replace('INVALID_ROW', 'INVALID_ROX'));
      await expectRefused(retryFailed(own(dir)), /skipped\.jsonl/, /changed after it was written/);
    });
  });

  it('run.json with a field removed, or a count that is not the file’s, is refused', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      const path = updatePaths(dir).run;
      const original = await readFile(path, 'utf8');
      const run = await readRun(dir);
      await writeFile(path, original.replace(/\n {2}"list": "[^"]*",/, ''));
      await expectRefused(retryFailed(own(dir)), /run\.json/, /its sha256 does not match/);
      await writeFile(path, original.replace('"batchSize": 2', '"batchSize": 3'));
      await expectRefused(retryFailed(own(dir)), /run\.json/, /its sha256 does not match/);
      // A run.json checksummed again but claiming another count still does not fit its file.
      await writeRun(dir, { ...run, planned: { ...run.planned, count: 6 } });
      await expectRefused(
        retryFailed(own(dir)),
        /planned\.jsonl/,
        /holds 5 rows where 6 were written/,
      );
      await writeFile(path, '{"version": 2, "runId": ');
      await expectRefused(retryFailed(own(dir)), /run\.json/, /is not JSON/);
    });
  });

  it('the journal: a torn last line is a crash and is dropped; damage before it stops the run', async () => {
    await withTempDir(async (dir) => {
      const client = sandboxClient(sandbox);
      const preview = await previewCsv(client, longList(sandbox, 20, 0));
      await rejectionOf(
        applyPreview(client, preview, dir, { batchSize: 5, checkpoint: killAt('outcome', 2) }),
      ).then((e) => expect(e).toBeInstanceOf(Killed));
      const path = updatePaths(dir).journal;
      const original = await readFile(path, 'utf8');
      // Damage in the middle: where the run stopped is unknown.
      await writeFile(path, original.replace('"via":"answer"', '"via":"answeR"'));
      const logged = sandbox.log.length;
      const error = (await rejectionOf(resumeUpdate(own(dir)))) as Error;
      expect(error.message).toMatch(
        /^Journal .*run\.journal is damaged at entry \d+ \(checksum mismatch\)/,
      );
      expect(sandbox.log.length).toBe(logged);
      // A torn last line (the crash cut an append short): dropped, the run resumes.
      await writeFile(path, original);
      await appendFile(path, '{"seq":99,"type":"outc');
      const resumed = await resumeUpdate(own(dir));
      expect(resumed.counts).toMatchObject({ updated: 20, failed: 0 });
      expect(updateRequests(sandbox)).toHaveLength(4);
    });
  });

  it('a missing journal, planned or skipped file refuses with the file named; a missing outcomes.jsonl is rebuilt', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      await rm(updatePaths(dir).outcomes);
      await expect(readOutcomes(dir)).resolves.toHaveLength(8);
      await rm(updatePaths(dir).skipped);
      await expectRefused(retryFailed(own(dir)), /skipped\.jsonl/, /is missing/);
    });
  });

  it('the results view reads the journal when outcomes.jsonl is not what was written', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      const path = updatePaths(dir).outcomes;
      await writeFile(path, (await lines(path)).slice(0, 5).join(''));
      const outcomes = await readOutcomes(dir);
      expect(outcomes.map((o) => o.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });
});

describe('runs written before run files had checksums (run.json version 1)', () => {
  /** The run as the previous version left it: no journal, no skipped.jsonl, no checksums. */
  async function asLegacy(dir: string, patch: Record<string, unknown> = {}): Promise<void> {
    const run = await readRun(dir);
    const legacy = {
      version: 1,
      runId: run.runId,
      createdAt: run.createdAt,
      connection: run.connection,
      list: run.list,
      fileName: run.fileName,
      batchSize: run.batchSize,
      backupCount: run.backupCount,
      backup: run.backup,
      plannedCount: run.planned.count,
      counts: run.counts,
      requests: run.requests,
      ...patch,
    };
    await writeFile(updatePaths(dir).run, `${JSON.stringify(legacy, null, 2)}\n`);
    await rm(updatePaths(dir).journal);
    await rm(updatePaths(dir).skipped);
  }

  it('are used when their counts check out, and upgraded on the way', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      await asLegacy(dir);
      expect((await readOutcomes(dir)).map((o) => o.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      const retry = await retryFailed(own(dir));
      expect(retry).toMatchObject({ retried: 2, counts: { updated: 3, added: 2, failed: 0 } });
      expect(await readRun(dir)).toMatchObject({ version: 2, skipped: { count: 3 } });
      const revert = await revertUpdate(own(dir));
      expect(revert).toMatchObject({ reverted: 3, failed: 0 });
    });
  });

  it('are refused when outcomes.jsonl was cut at a line end, or when they never recorded their counts', async () => {
    await withTempDir(async (dir) => {
      await runWithFailures(dir);
      const path = updatePaths(dir).outcomes;
      const original = await readFile(path, 'utf8');
      await asLegacy(dir);
      await writeFile(path, (await lines(path)).slice(0, 5).join(''));
      const logged = sandbox.log.length;
      const cut = (await rejectionOf(retryFailed(own(dir)))) as Error;
      expect(cut.message).toMatch(
        /run\.json was written by an older version and outcomes\.jsonl holds 5 rows that do not add up to the counts it recorded .* so the run cannot be trusted: nothing was sent\./,
      );
      await writeFile(path, original);
      const raw = JSON.parse(await readFile(updatePaths(dir).run, 'utf8')) as Record<
        string,
        unknown
      >;
      delete raw.counts;
      await writeFile(updatePaths(dir).run, JSON.stringify(raw));
      const uncounted = (await rejectionOf(retryFailed(own(dir)))) as Error;
      expect(uncounted.message).toMatch(/did not record its row counts .* cannot be trusted/);
      expect(sandbox.log.length).toBe(logged);
    });
  });
});
