import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../src/main/backup/journal';
import { fileLines, parseObjectLine } from '../../../src/main/backup/file-lines';
import { runPaths } from '../../../src/main/delete/run-files';
import { executeProspectDelete } from '../../../src/main/delete/v1-execute';
import type { ProspectDeleteResult } from '../../../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../../../src/main/delete/v1-prepare';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox, SandboxFaultRule } from '../../../src/main/sandbox/types';
import { mulberry32 } from '../../../src/shared/prng';
import { makeTempDir } from '../../support/temp-dir';
import { CONNECTION, liveIds, v1Client } from './v1-delete-fixtures';

/**
 * Seeded fault injection over the whole v1 delete (issue "Backup-then-delete",
 * Done when): random 500s, resets before and after a delete is applied,
 * truncated bodies, timeouts, 409/429 storms of ≥ 50 in a row, and the run
 * "killed" at a random journal boundary (sometimes leaving a torn line), then
 * resumed until it finishes. Invariants are checked against the sandbox's
 * request log and the backup files.
 */
// FI_RUNS=2000 for a longer soak; never fewer than 200 in npm test.
const RUNS = Math.max(200, Number(process.env.FI_RUNS ?? 200));
const SEED = 20261123;

class Killed extends Error {}

let sandbox: Sandbox;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_200, companies: [], leads: 0 });
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await sandbox.close();
  await cleanup();
});

function randomFaults(random: () => number): SandboxFaultRule[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const DELETE = { method: 'DELETE' };
  const GET = { method: 'GET' };
  const menu: (() => SandboxFaultRule)[] = [
    () => ({
      match: DELETE,
      fault: { kind: 'status', status: 500 },
      times: 1 + Math.floor(random() * 3),
    }),
    () => ({
      match: GET,
      fault: { kind: 'status', status: 500 },
      times: 1 + Math.floor(random() * 6),
    }),
    () => ({ match: DELETE, fault: { kind: 'reset-before' } }),
    () => ({ match: DELETE, fault: { kind: 'reset-after' } }),
    () => ({ match: DELETE, fault: { kind: 'truncated-json' } }),
    () => ({ match: GET, fault: { kind: 'truncated-json' }, times: 1 + Math.floor(random() * 6) }),
    () => ({ match: DELETE, fault: { kind: 'hang' } }),
    () => ({
      match: DELETE,
      fault: { kind: 'status', status: pick([409, 429]) },
      times: 50 + Math.floor(random() * 20),
    }),
  ];
  return Array.from({ length: Math.floor(random() * 4) }, () => pick(menu)());
}

async function backupIds(runId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const line of fileLines(runPaths(dir, runId).jsonl)) {
    ids.add(String(parseObjectLine(line.bytes)!.id));
  }
  return ids;
}

describe('v1 delete under injected faults and crashes', () => {
  it(`keeps every invariant over ${RUNS} seeded runs`, async () => {
    const random = mulberry32(SEED);
    let killsTotal = 0;
    let faultsTotal = 0;
    for (let run = 0; run < RUNS; run++) {
      sandbox.reset();
      const runId = `fi-${run}`;
      const initial = liveIds(sandbox);
      const count = 1 + Math.floor(random() * 900);
      const targets = initial.filter(() => random() < count / initial.length);
      if (targets.length === 0) targets.push(initial[0]!);
      const absent = random() < 0.3 ? [999_000_000 + run] : [];
      const prepared = await prepareProspectDelete({
        dir,
        runId,
        connection: CONNECTION,
        client: v1Client(sandbox),
        targets: { ids: [...targets, ...absent] },
      });
      const logStart = sandbox.log.length;
      const faults = randomFaults(random);
      faultsTotal += faults.length;
      for (const rule of faults) sandbox.faults.add(rule);

      let result: ProspectDeleteResult | undefined;
      for (let attempt = 0; attempt < 80 && result?.state !== 'finished'; attempt++) {
        if (attempt === 60) sandbox.faults.clear();
        const killAt = random() < 0.4 ? 1 + Math.floor(random() * 10) : 0;
        let checkpoints = 0;
        let progressDone = -1;
        try {
          result = await executeProspectDelete({
            dir,
            runId,
            connectionId: CONNECTION.id,
            client: v1Client(sandbox, { timeoutMs: 60 }),
            confirmCount: prepared.plan.ids.length,
            onProgress: (p) => (progressDone = p.done),
            checkpoint: () => {
              if (++checkpoints === killAt) throw new Killed();
            },
          });
          // The running count the progress bar shows agrees with the journal.
          if (progressDone >= 0) expect(progressDone, `run ${run}`).toBe(result.deleted);
        } catch (error) {
          if (error instanceof Killed) {
            killsTotal++;
            // Sometimes the crash also cut the next journal line in half.
            if (random() < 0.3) {
              await appendFile(runPaths(dir, runId).journal, '{"seq":999,"type":"outc');
            }
          }
          // Anything else (a read that kept failing) stops the run: resume.
        }
      }

      const context = `run ${run} (seed ${SEED})`;
      expect(result?.state, context).toBe('finished');
      // Every target ends deleted or reported.
      expect(result!.deleted + result!.notFound, context).toBe(targets.length + absent.length);
      expect(result!.unknown + result!.failed + result!.pending, context).toBe(0);
      // The final state equals an uninterrupted run's.
      const expected = initial.filter((id) => !targets.includes(id));
      expect(liveIds(sandbox), context).toEqual(expected);

      // Nothing outside this run's verified backup was ever sent in a delete,
      // and no id went out again once a delete of it had been applied.
      const backedUp = await backupIds(runId);
      const deletedAt = new Set<string>();
      const violations: string[] = [];
      for (const entry of sandbox.log.slice(logStart)) {
        if (entry.method !== 'DELETE') continue;
        for (const id of (entry.query.id ?? '').split(',')) {
          if (!backedUp.has(id)) violations.push(`${id} not backed up`);
          if (deletedAt.has(id)) violations.push(`${id} re-sent after it was deleted`);
          if (entry.applied) deletedAt.add(id);
        }
      }
      expect(violations, context).toEqual([]);
      // The journal still replays cleanly after every crash.
      const journal = await readJournal(runPaths(dir, runId).journal);
      expect(journal.entries.length, context).toBeGreaterThan(0);
      sandbox.faults.clear();
    }
    // The seed really exercised crashes and faults.
    expect(killsTotal).toBeGreaterThan(RUNS / 4);
    expect(faultsTotal).toBeGreaterThan(RUNS);
  }, 240_000);
});
