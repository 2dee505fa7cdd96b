import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { prepareAgencyDelete } from '../../../src/main/delete/agency-delete';
import { executeProspectDelete } from '../../../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../../../src/main/delete/v1-prepare';
import { readJournal } from '../../../src/main/backup/journal';
import { runPaths } from '../../../src/main/delete/run-files';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { makeTempDir } from '../../support/temp-dir';
import { testHttp } from '../api/support';
import { CONNECTION, deletedIds, deletes, liveIds, v1Client } from './v1-delete-fixtures';
import { jsonFromOtherProcess, raceStart } from '../../support/other-process';

// One execution per run, across processes (store/lease-lock.ts): two resumes of
// one run, in this process or in two, never send a batch twice, never put two
// requests in flight on one account, and leave a journal a later resume accepts.

const AGENCY = { id: 'c-agency', label: 'Agency HQ', kind: 'agency' as const };
const HOOLI = { id: 7, name: 'Hooli', prospects: 40 };

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 3_000, companies: [HOOLI], leads: 0, latencyMs: 5 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  const temp = await makeTempDir();
  dir = temp.dir;
  return temp.cleanup;
});

/**
 * Another process executing the run, as `prospect-desk delete --resume` would;
 * it starts the run at `startAt` (epoch ms), so two of them race for real.
 */
function otherProcess(args: string[], startAt: number) {
  return jsonFromOtherProcess<{ ok: boolean; state?: string; code?: string; message?: string }>(
    'test/main/delete/support/run-worker.ts',
    args,
    { startAt },
  );
}

async function prepareV1(count: number) {
  const targets = liveIds(sandbox).slice(0, count);
  const prepared = await prepareProspectDelete({
    dir,
    runId: 'run-1',
    connection: CONNECTION,
    client: v1Client(sandbox),
    targets: { ids: targets },
  });
  return { targets, batches: prepared.requests.length };
}

const executeV1 = (count: number) =>
  executeProspectDelete({
    dir,
    runId: 'run-1',
    connectionId: CONNECTION.id,
    client: v1Client(sandbox),
    confirmCount: count,
  });

describe('one execution per run', () => {
  it('refuses a second execution of a run in this process, naming the process', async () => {
    const { targets, batches } = await prepareV1(2_000);
    const settled = await Promise.allSettled([executeV1(2_000), executeV1(2_000)]);
    const done = settled.filter((s) => s.status === 'fulfilled');
    const refused = settled.filter((s) => s.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ value: { state: 'finished', deleted: 2_000 } });
    expect(refused).toHaveLength(1);
    expect(String(refused[0]!.reason.message)).toMatch(
      new RegExp(`^Delete run run-1 is already running \\(pid ${process.pid}, since `),
    );
    expect(deletes(sandbox)).toHaveLength(batches);
    expect(deletedIds(sandbox).sort()).toEqual(targets.map(String).sort());
  });

  it('two processes resuming one delete run: each batch sent once, one request at a time, a journal a resume accepts', async () => {
    for (let round = 0; round < 2; round++) {
      sandbox.reset();
      const temp = await makeTempDir();
      dir = temp.dir;
      const { targets, batches } = await prepareV1(2_000);
      const args = ['v1', dir, 'run-1', sandbox.url, sandbox.keys.woodpecker, CONNECTION.id];
      const startAt = raceStart();
      const results = await Promise.all([
        otherProcess([...args, '2000'], startAt),
        otherProcess([...args, '2000'], startAt),
      ]);
      // Whichever came second was refused, or found the run already done.
      for (const result of results) {
        if (!result.ok) expect(result.message).toMatch(/already running \(pid \d+/);
        else expect(result.state).toBe('finished');
      }
      expect(results.some((r) => r.ok)).toBe(true);
      expect(deletes(sandbox)).toHaveLength(batches);
      expect(deletedIds(sandbox).sort()).toEqual(targets.map(String).sort());
      expect(sandbox.maxInFlight('main')).toBe(1);
      // The journal is whole: a resume replays it and has nothing to send.
      const { entries } = await readJournal(runPaths(dir, 'run-1').journal);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      await expect(executeV1(2_000)).resolves.toMatchObject({ state: 'finished', deleted: 2_000 });
      expect(deletes(sandbox)).toHaveLength(batches);
      await temp.cleanup();
    }
  }, 120_000);

  it('the agency "delete ALL" is sent once when two processes execute it at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      sandbox.reset();
      const temp = await makeTempDir();
      dir = temp.dir;
      await prepareAgencyDelete({
        dir,
        runId: 'agency-1',
        connection: AGENCY,
        agencyBaseUrl: sandbox.url,
        companyId: HOOLI.id,
        companyName: HOOLI.name,
        readClient: new WoodpeckerV1Client(
          { baseUrl: sandbox.url, apiKey: sandbox.keys.agency, companyId: HOOLI.id },
          testHttp().options,
        ),
      });
      const args = ['agency', dir, 'agency-1', sandbox.url, sandbox.keys.agency, AGENCY.id];
      const startAt = raceStart();
      const results = await Promise.all([
        otherProcess([...args, HOOLI.name, String(HOOLI.id)], startAt),
        otherProcess([...args, HOOLI.name, String(HOOLI.id)], startAt),
      ]);
      const sent = sandbox.log.filter((e) => e.method === 'POST' && e.path.includes('/v2/'));
      expect(sent, JSON.stringify(results)).toHaveLength(1);
      await temp.cleanup();
    }
  }, 120_000);
});
