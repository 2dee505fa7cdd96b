import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { applyUpdate } from '../../../src/main/update/apply-update';
import { resumeUpdate } from '../../../src/main/update/resume-update';
import { updatePaths } from '../../../src/main/update/update-files';
import { readUpdateJournal } from '../../../src/main/update/update-journal';
import { rejectionOf } from '../api/support';
import { makeTempDir } from '../../support/temp-dir';
import {
  CONNECTION,
  FILE_NAME,
  Killed,
  killAt,
  longList,
  previewCsv,
  sandboxClient,
  sendCounts,
  updateRequests,
} from './update-fixture';
import { jsonFromOtherProcess, raceStart } from '../../support/other-process';

// One execution of an update run at a time, across processes (decision 010,
// store/lease-lock.ts): two processes resuming one killed apply never send a
// row twice, never put two requests in flight, and leave a journal a later
// resume accepts with nothing to send.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 300, companies: [], leads: 0, latencyMs: 5 });
});
afterAll(async () => sandbox.close());

/** A resume in another process, as `prospect-desk update --resume` beside the app; starts at `startAt`. */
function otherProcess(dir: string, startAt: number) {
  return jsonFromOtherProcess<{ ok: boolean; resumed?: boolean; message?: string }>(
    'test/main/update/support/apply-worker.ts',
    ['resume', dir, sandbox.url, sandbox.keys.woodpecker, CONNECTION.id],
    { startAt },
  );
}

describe('one execution per update run', () => {
  it('two processes resuming one killed apply: each row sent once, one request at a time, a journal a resume accepts', async () => {
    for (let round = 0; round < 2; round++) {
      sandbox.reset();
      const temp = await makeTempDir();
      const dir = temp.dir;
      const client = sandboxClient(sandbox);
      const preview = await previewCsv(client, longList(sandbox, 100, 20));
      const planned = await preview.plannedRows();
      // Killed after batch 1 of 24.
      const killed = await rejectionOf(
        applyUpdate({
          dir,
          runId: 'upd-lock-1',
          connection: CONNECTION,
          list: 'list.csv',
          client,
          planned,
          skipped: preview.skippedOutcomes(),
          fileName: FILE_NAME,
          batchSize: 5,
          checkpoint: killAt('outcome', 1),
        }),
      );
      expect(killed).toBeInstanceOf(Killed);

      const startAt = raceStart();
      const results = await Promise.all([otherProcess(dir, startAt), otherProcess(dir, startAt)]);
      // Whichever came second was refused, or found the apply already finished.
      for (const result of results) {
        if (!result.ok) expect(result.message).toMatch(/already running \(pid \d+/);
      }
      expect(results.some((r) => r.ok && r.resumed)).toBe(true);
      const counts = sendCounts(sandbox);
      expect(planned.filter((p) => counts.get(p.update.email.toLowerCase()) !== 1)).toEqual([]);
      expect(updateRequests(sandbox)).toHaveLength(24);
      expect(sandbox.maxInFlight('main')).toBe(1);
      // The journal is whole: a resume replays it and has nothing to send.
      const { entries } = await readUpdateJournal(updatePaths(dir).journal);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      await expect(
        resumeUpdate({ dir, client, connectionId: CONNECTION.id }),
      ).resolves.toMatchObject({ resumed: false, counts: { updated: 100, added: 20 } });
      expect(updateRequests(sandbox)).toHaveLength(24);
      await temp.cleanup();
    }
  }, 120_000);
});
