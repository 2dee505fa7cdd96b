import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackupVerificationError,
  JournalCorruptError,
} from '../../../src/main/backup/backup-errors';
import type { HttpOptions } from '../../../src/main/api/http/http-client';
import { LeadsClient } from '../../../src/main/api/leads/client';
import { readJournal } from '../../../src/main/backup/journal';
import { fileLines, parseObjectLine } from '../../../src/main/backup/file-lines';
import { executeLeadsAction, prepareLeadsDelete } from '../../../src/main/delete/leads-delete';
import type { LeadsActionResult, PreparedLeadsDelete } from '../../../src/main/delete/leads-delete';
import { runPaths } from '../../../src/main/delete/run-files';
import { startSandbox } from '../../../src/main/sandbox';
import { LEADS_PAGING_VARIANTS } from '../../../src/main/sandbox/seed-data';
import type { LeadsPaging, Sandbox, SandboxFaultRule } from '../../../src/main/sandbox/types';
import { mulberry32 } from '../../../src/shared/prng';
import { makeTempDir } from '../../support/temp-dir';
import { testHttp } from '../api/support';
import { jsonFromOtherProcess, raceStart } from '../../support/other-process';

/**
 * Seeded fault injection over the whole Leads API delete, the Leads part of
 * the fault suite (fault-injection.test.ts is v1's): backups by status
 * against every way a server may page (or not), backups by id, then deletes
 * under random 500s, resets before and after a delete is applied, truncated
 * bodies, timeouts and 429 storms of ≥ 50 in a row (sometimes outlasting a
 * short allowed wait, which stops the run), the run "killed" at a
 * random journal boundary (sometimes leaving a torn line), resumed until it
 * finishes. After a kill the run's files are sometimes damaged on purpose: a
 * flipped byte in a complete journal line, or the plan's bound action turned
 * from "archive" into "delete" (issue "Never wrong under faults, races and bad
 * input"); the next execution must stop before any request, and goes on once
 * the files are put back. Last, two processes execute one Leads run at the
 * same moment. Invariants are checked against the sandbox's request log and
 * the backup files.
 */
// LEADS_FI_RUNS=1000 for a longer soak; never fewer than 60 (each variant ~8 times).
const RUNS = Math.max(60, Number(process.env.LEADS_FI_RUNS ?? 60));
const SEED = 20261207;
const LEADS = 260;
const PAGE = 100;
const CONNECTION = { id: 'c-leads', label: 'CRM', kind: 'leads' as const };

class Killed extends Error {}

const sandboxes = new Map<LeadsPaging, Sandbox>();
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  for (const leadsPaging of LEADS_PAGING_VARIANTS) {
    sandboxes.set(
      leadsPaging,
      await startSandbox({ prospects: 0, companies: [], leads: LEADS, leadsPaging }),
    );
  }
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await Promise.all([...sandboxes.values()].map((s) => s.close()));
  await cleanup();
});

const client = (sandbox: Sandbox, extra: HttpOptions = {}) =>
  new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, testHttp(extra).options);

function randomFaults(random: () => number, phase: 'read' | 'delete'): SandboxFaultRule[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const DELETE = { method: 'DELETE' };
  const GET = { method: 'GET' };
  const storm = (match: { method: string }): SandboxFaultRule => ({
    match,
    fault: { kind: 'status', status: 429, ...(random() < 0.5 && { retryAfter: '0' }) },
    times: 50 + Math.floor(random() * 20),
  });
  const reads: (() => SandboxFaultRule)[] = [
    () => ({
      match: GET,
      fault: { kind: 'status', status: 500 },
      times: 1 + Math.floor(random() * 4),
    }),
    () => ({ match: GET, fault: { kind: 'truncated-json' }, times: 1 + Math.floor(random() * 3) }),
    () => ({ match: GET, fault: { kind: 'reset-before' } }),
    () => storm(GET),
  ];
  const deletes: (() => SandboxFaultRule)[] = [
    () => ({
      match: DELETE,
      fault: { kind: 'status', status: 500 },
      times: 1 + Math.floor(random() * 3),
    }),
    () => ({ match: DELETE, fault: { kind: 'reset-before' } }),
    () => ({ match: DELETE, fault: { kind: 'reset-after' } }),
    () => ({ match: DELETE, fault: { kind: 'truncated-json' } }),
    () => ({ match: DELETE, fault: { kind: 'hang' } }),
    () => storm(DELETE),
    ...reads,
  ];
  const menu = phase === 'read' ? reads : deletes;
  return Array.from({ length: Math.floor(random() * 4) }, () => pick(menu)());
}

async function backupIds(runId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const line of fileLines(runPaths(dir, runId).jsonl)) {
    ids.add(String(parseObjectLine(line.bytes)!.id));
  }
  return ids;
}

describe('Leads delete under injected faults, crashes and every paging variant', () => {
  it(`keeps every invariant over ${RUNS} seeded runs`, async () => {
    const random = mulberry32(SEED);
    let killsTotal = 0;
    let faultsTotal = 0;
    let partialListings = 0;
    let busyStops = 0;
    let journalDamage = 0;
    let planTampering = 0;
    for (let run = 0; run < RUNS; run++) {
      const variant = LEADS_PAGING_VARIANTS[run % LEADS_PAGING_VARIANTS.length]!;
      const sandbox = sandboxes.get(variant)!;
      sandbox.reset();
      const context = `run ${run} (seed ${SEED}, ${variant})`;
      const runId = `lfi-${run}`;
      const initial = [...sandbox.state.leads().keys()];
      const byStatus = random() < 0.6;
      // The status of a random lead: "new" (104 of 260) is more than a page.
      const picked = sandbox.state.leads().get(initial[Math.floor(random() * initial.length)]!);
      const status = String(picked!.status);
      const withStatus = [...sandbox.state.leads().values()]
        .filter((l) => l.status === status)
        .map((l) => l.id);
      const ids = initial.filter(() => random() < 0.1);
      if (ids.length === 0) ids.push(initial[0]!);
      const absent = random() < 0.3 ? [`lead_absent_${run}`] : [];

      // Backup: reads are retried through their faults; a read that still
      // fails leaves no plan, and is simply tried again.
      const readFaults = randomFaults(random, 'read');
      faultsTotal += readFaults.length;
      for (const rule of readFaults) sandbox.faults.add(rule);
      let prepared: PreparedLeadsDelete | undefined;
      for (let attempt = 0; attempt < 5 && !prepared; attempt++) {
        if (attempt === 3) sandbox.faults.clear();
        try {
          prepared = await prepareLeadsDelete({
            dir,
            runId,
            connection: CONNECTION,
            client: client(sandbox),
            target: byStatus ? { status } : { ids: [...ids, ...absent] },
          });
        } catch {
          // Tried again below.
        }
      }
      sandbox.faults.clear();
      expect(prepared, context).toBeDefined();
      const plan = prepared!.plan;
      expect(new Set(plan.ids).size, context).toBe(plan.ids.length);
      if (!byStatus) {
        expect(plan.ids, context).toEqual(ids);
        expect(plan.notFound, context).toEqual(absent);
      } else if (variant === 'ignores-page' && withStatus.length > PAGE) {
        // A server that does not page: the first page, said so, never a loop or a repeat.
        partialListings++;
        expect(plan.ids, context).toEqual(withStatus.slice(0, PAGE));
        expect(prepared!.listingNote, context).toMatch(/^Only the first 100 leads/);
      } else {
        expect(plan.ids, context).toEqual(withStatus);
        expect(prepared!.listingNote, context).toBeUndefined();
      }

      // Delete: faults, kills, resumes until it finishes.
      const logStart = sandbox.log.length;
      const faults = randomFaults(random, 'delete');
      faultsTotal += faults.length;
      for (const rule of faults) sandbox.faults.add(rule);
      // Sometimes a short allowed wait: storms then stop the run with leads
      // left to do, and resumes send them again in batches of their own.
      const busy = random() < 0.4 ? { maxTotalWaitMs: 20_000 } : {};
      let result: LeadsActionResult | undefined;
      for (let attempt = 0; attempt < 80 && result?.state !== 'finished'; attempt++) {
        if (attempt === 60) sandbox.faults.clear();
        const killAt = random() < 0.4 ? 1 + Math.floor(random() * 10) : 0;
        let checkpoints = 0;
        try {
          result = await executeLeadsAction({
            dir,
            runId,
            connectionId: CONNECTION.id,
            client: client(sandbox, { timeoutMs: 60, busy }),
            action: 'delete',
            checkpoint: () => {
              if (++checkpoints === killAt) throw new Killed();
            },
          });
          if (result.state === 'stopped' && /busy/.test(result.message ?? '')) busyStops++;
        } catch (error) {
          if (error instanceof Killed) {
            killsTotal++;
            const paths = runPaths(dir, runId);
            if (random() < 0.3) {
              await appendFile(paths.journal, '{"seq":999,"type":"outc');
            }
            const damage = random();
            const before = sandbox.log.length;
            const resume = () =>
              executeLeadsAction({
                dir,
                runId,
                connectionId: CONNECTION.id,
                client: client(sandbox),
                action: 'delete',
              });
            if (damage < 0.15 && (await hasCompleteLine(paths.journal))) {
              journalDamage++;
              const original = await flipInCompleteLine(paths.journal, random);
              await expect(resume()).rejects.toBeInstanceOf(JournalCorruptError);
              await writeFile(paths.journal, original);
            } else if (damage < 0.3) {
              planTampering++;
              const original = await readFile(paths.plan);
              // Any change to the plan after its backup: the bound action, or a byte.
              const changed =
                random() < 0.5
                  ? Buffer.from(
                      original.toString('utf8').replace('"kind":"delete"', '"kind":"archive"'),
                    )
                  : Buffer.from(original.map((b, i) => (i === 20 ? b ^ 0x02 : b)));
              await writeFile(paths.plan, changed);
              await expect(resume()).rejects.toBeInstanceOf(BackupVerificationError);
              await writeFile(paths.plan, original);
            }
            expect(sandbox.log.length, `${context}: a request despite damaged files`).toBe(before);
          }
          // Anything else (a read that kept failing) stops the run: resume.
        }
      }

      expect(result?.state, context).toBe('finished');
      // Every backed-up lead ends deleted; nothing is left failed, unknown or to do.
      expect(result!.deleted, context).toBe(plan.ids.length);
      expect(result!.notFound, context).toBe(plan.notFound.length);
      expect(result!.unknown + result!.failed + result!.pending, context).toBe(0);
      // The final state equals an uninterrupted run's.
      const expected = initial.filter((id) => !plan.ids.includes(id));
      expect([...sandbox.state.leads().keys()], context).toEqual(expected);

      // Nothing outside this run's verified backup was ever deleted, and no
      // lead got a DELETE again once one of its DELETEs had been applied.
      const backedUp = await backupIds(runId);
      const deletedAt = new Set<string>();
      const violations: string[] = [];
      for (const entry of sandbox.log.slice(logStart)) {
        if (entry.method !== 'DELETE') continue;
        const id = decodeURIComponent(entry.path.split('/').pop()!);
        if (!backedUp.has(id)) violations.push(`${id} not backed up`);
        if (deletedAt.has(id)) violations.push(`${id} re-sent after it was deleted`);
        if (entry.applied) deletedAt.add(id);
      }
      expect(violations, context).toEqual([]);
      const journal = await readJournal(runPaths(dir, runId).journal);
      expect(journal.entries.length, context).toBeGreaterThan(0);
      sandbox.faults.clear();
    }
    // The seed really exercised crashes, faults and a server that does not page.
    expect(killsTotal).toBeGreaterThan(RUNS / 4);
    expect(faultsTotal).toBeGreaterThan(RUNS);
    expect(partialListings).toBeGreaterThan(0);
    expect(busyStops).toBeGreaterThan(0);
    expect(journalDamage).toBeGreaterThan(0);
    expect(planTampering).toBeGreaterThan(0);
  }, 240_000);

  it('two processes executing one Leads run at the same moment: each lead deleted once, one request at a time, a journal a resume accepts', async () => {
    const sandbox = sandboxes.get('doc-only')!;
    for (let round = 0; round < 2; round++) {
      sandbox.reset();
      const runId = `l2p-${round}`;
      const ids = [...sandbox.state.leads().keys()].slice(0, 40);
      await prepareLeadsDelete({
        dir,
        runId,
        connection: CONNECTION,
        client: client(sandbox),
        target: { ids },
      });
      const logStart = sandbox.log.length;
      const args = ['leads', dir, runId, sandbox.url, sandbox.keys.leads, CONNECTION.id, 'delete'];
      const startAt = raceStart();
      const results = await Promise.all([otherProcess(args, startAt), otherProcess(args, startAt)]);
      // Whichever came second was refused, or found the run already done.
      for (const result of results) {
        if (!result.ok) expect(result.message).toMatch(/already running \(pid \d+/);
        else expect(result.state).toBe('finished');
      }
      expect(results.some((r) => r.ok)).toBe(true);
      const sent = sandbox.log
        .slice(logStart)
        .filter((e) => e.method === 'DELETE')
        .map((e) => decodeURIComponent(e.path.split('/').pop()!));
      expect(sent.sort()).toEqual([...ids].sort());
      expect([...sandbox.state.leads().keys()].some((id) => ids.includes(id))).toBe(false);
      expect(sandbox.maxInFlight('leads')).toBe(1);
      // The journal is whole: a resume replays it and has nothing to send.
      const { entries } = await readJournal(runPaths(dir, runId).journal);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      const resumed = await executeLeadsAction({
        dir,
        runId,
        connectionId: CONNECTION.id,
        client: client(sandbox),
        action: 'delete',
      });
      expect(resumed).toMatchObject({ state: 'finished', deleted: ids.length });
      expect(sandbox.log.slice(logStart).filter((e) => e.method === 'DELETE')).toHaveLength(
        ids.length,
      );
    }
  }, 120_000);
});

/**
 * Another process executing the run, as a second app or CLI would
 * (run-lock.test.ts); it starts at `startAt` (epoch ms), so two of them race.
 */
function otherProcess(args: string[], startAt: number) {
  return jsonFromOtherProcess<{ ok: boolean; state?: string; message?: string }>(
    'test/main/delete/support/run-worker.ts',
    args,
    { startAt },
  );
}

async function hasCompleteLine(path: string): Promise<boolean> {
  try {
    return (await readFile(path)).includes(0x0a);
  } catch {
    return false;
  }
}

/** Flips one byte inside a complete (newline-terminated) line of `path`, never a newline. */
async function flipInCompleteLine(path: string, random: () => number): Promise<Buffer> {
  const original = await readFile(path);
  const ends: number[] = [];
  for (let i = 0; i < original.length; i++) if (original[i] === 0x0a) ends.push(i);
  const damaged = Buffer.from(original);
  const end = ends[Math.floor(random() * ends.length)]!;
  const start = ends[ends.indexOf(end) - 1] ?? -1;
  const at = start + 1 + Math.floor(random() * (end - start - 1));
  damaged[at] = damaged[at]! ^ 0x04;
  await writeFile(path, damaged);
  return original;
}
