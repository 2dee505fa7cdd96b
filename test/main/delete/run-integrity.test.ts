import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LeadsClient } from '../../../src/main/api/leads/client';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { WoodpeckerV2AgencyClient } from '../../../src/main/api/woodpecker-v2/agency-client';
import {
  BackupVerificationError,
  JournalCorruptError,
} from '../../../src/main/backup/backup-errors';
import { readJournal } from '../../../src/main/backup/journal';
import { executeAgencyDelete, prepareAgencyDelete } from '../../../src/main/delete/agency-delete';
import { listDeleteRuns } from '../../../src/main/delete/delete-runs';
import {
  executeLeadsAction,
  prepareLeadsDelete,
  restoreLeads,
} from '../../../src/main/delete/leads-delete';
import { runPaths } from '../../../src/main/delete/run-files';
import { writeSealedPlan } from '../../../src/main/delete/run-plan';
import { executeProspectDelete } from '../../../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../../../src/main/delete/v1-prepare';
import { restoreProspects } from '../../../src/main/delete/v1-restore';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { makeTempDir } from '../../support/temp-dir';
import { rejectionOf, testHttp } from '../api/support';
import { CONNECTION, deletes, liveIds, v1Client } from './v1-delete-fixtures';

// Issue "Never wrong under faults, races and bad input", item 1: a run's files
// are trusted only when intact. A plan changed after its backup is refused
// before any request (it is sealed in the backup's manifest: run-plan.ts);
// only a journal line without its newline is a torn write, any other damage
// stops the run with one line naming the file and what to do; runs from
// before plans were sealed are not resumed, and say how to go on.

const HOOLI = { id: 7, name: 'Hooli', prospects: 40 };
const EMPTY = { id: 9, name: 'Empty Co', prospects: 0 };
const AGENCY = { id: 'c-agency', label: 'Agency HQ', kind: 'agency' as const };
const LEADS = { id: 'c-leads', label: 'CRM', kind: 'leads' as const };

let sandbox: Sandbox;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 3_000, companies: [HOOLI, EMPTY], leads: 30 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

class Killed extends Error {}

/** Throws Killed at the `n`-th checkpoint with this label: a crash right there. */
const killAt = (label: string, n = 1) => {
  let seen = 0;
  return (at: string) => {
    if (at === label && ++seen === n) throw new Killed();
  };
};

const campaignMembers = (campaign: number) =>
  liveIds(sandbox).filter((id) => sandbox.state.hidden(id)!.campaigns.includes(campaign));

function prepareV1(ids: number[], campaignIds?: number[], runId = 'run-1') {
  return prepareProspectDelete({
    dir,
    runId,
    connection: CONNECTION,
    client: v1Client(sandbox),
    targets: { ids },
    ...(campaignIds && { campaignIds }),
  });
}

function executeV1(
  confirmCount: number,
  extra: { checkpoint?: (label: string) => void; runId?: string } = {},
) {
  return executeProspectDelete({
    dir,
    runId: extra.runId ?? 'run-1',
    connectionId: CONNECTION.id,
    client: v1Client(sandbox),
    confirmCount,
    ...(extra.checkpoint && { checkpoint: extra.checkpoint }),
  });
}

describe('a plan changed after its backup', () => {
  it('a resumed campaign removal whose plan lost its campaignIds is refused before any request, never a global delete', async () => {
    const campaign = sandbox.state.campaigns()[0]!;
    const members = campaignMembers(campaign).slice(0, 434);
    expect(members).toHaveLength(434);
    await prepareV1(members, [campaign]);
    await rejectionOf(executeV1(434, { checkpoint: killAt('outcome') }));
    const { plan } = runPaths(dir, 'run-1');
    const original = await readFile(plan);
    const edited = JSON.parse(original.toString('utf8')) as Record<string, unknown>;
    delete edited.campaignIds;
    delete edited.notInCampaigns;
    await writeFile(plan, `${JSON.stringify(edited)}\n`);

    const logged = sandbox.log.length;
    const error = (await rejectionOf(executeV1(434))) as BackupVerificationError;
    expect(error).toBeInstanceOf(BackupVerificationError);
    expect(error.code).toBe('plan-changed');
    expect(error.message).toBe(
      `The plan ${plan} was changed after its backup was made (its sha256 is not the one sealed in ${runPaths(dir, 'run-1').manifest}): it is not trusted and nothing was sent. Do not edit run files; start a new run, or restore run run-1 from its backup (${runPaths(dir, 'run-1').manifest}).`,
    );
    expect(sandbox.log.length).toBe(logged);
    expect(members.every((id) => sandbox.state.prospects().has(id))).toBe(true);
    // The app lists it as damaged, with the same reason.
    const [listed] = await listDeleteRuns(dir);
    expect(listed).toMatchObject({ runId: 'run-1', status: 'damaged', message: error.message });

    // Put back, the run goes on as what it was: a campaign removal.
    await writeFile(plan, original);
    const result = await executeV1(434);
    expect(result).toMatchObject({ state: 'finished', deleted: 434, notInCampaigns: 0 });
    expect(members.every((id) => sandbox.state.prospects().has(id))).toBe(true);
    expect(members.some((id) => sandbox.state.hidden(id)!.campaigns.includes(campaign))).toBe(
      false,
    );
    expect(deletes(sandbox).every((e) => e.query.campaigns_id === String(campaign))).toBe(true);
  });

  it('a plan sealed again by hand but naming other prospects than its backup is refused too', async () => {
    const targets = liveIds(sandbox).slice(0, 5);
    await prepareV1(targets);
    const paths = runPaths(dir, 'run-1');
    const plan = JSON.parse(await readFile(paths.plan, 'utf8')) as {
      ids: string[];
      batches: string[][];
    };
    const extra = String(liveIds(sandbox)[100]);
    plan.ids.push(extra);
    plan.batches[0]!.push(extra);
    await writeSealedPlan(paths, plan);
    const error = await rejectionOf(executeV1(6));
    expect(error).toMatchObject({ code: 'plan-changed' });
    expect((error as Error).message).toContain('counts 6 prospects where its backup holds 5');
    expect(deletes(sandbox)).toHaveLength(0);
  });

  it('an agency plan pointed at another company is refused: no "delete ALL" is sent', async () => {
    await prepareAgencyDelete({
      dir,
      runId: 'agency-1',
      connection: AGENCY,
      agencyBaseUrl: sandbox.url,
      companyId: HOOLI.id,
      companyName: HOOLI.name,
      readClient: companyReader(HOOLI.id),
    });
    const { plan } = runPaths(dir, 'agency-1');
    const text = await readFile(plan, 'utf8');
    await writeFile(plan, text.replace(`"companyId":${HOOLI.id}`, `"companyId":${EMPTY.id}`));
    const logged = sandbox.log.length;
    const error = await rejectionOf(
      executeAgencyDelete({
        dir,
        runId: 'agency-1',
        connectionId: AGENCY.id,
        agencyClient: new WoodpeckerV2AgencyClient(
          { baseUrl: sandbox.url, apiKey: sandbox.keys.agency },
          testHttp().options,
        ),
        readClient: companyReader(HOOLI.id),
        typedName: HOOLI.name,
      }),
    );
    expect(error).toMatchObject({ code: 'plan-changed' });
    expect(sandbox.log.length).toBe(logged);
    expect(sandbox.state.deletionRequests()).toEqual([]);
  });

  it('a Leads run whose bound action was edited from "archive" to "delete" is refused; a binding cut short by a crash is not damage', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 4);
    await prepareLeadsDelete({
      dir,
      runId: 'leads-1',
      connection: LEADS,
      client: leadsClient(),
      target: { ids },
    });
    const paths = runPaths(dir, 'leads-1');
    const prepared = await readFile(paths.plan);

    // A crash between sealing the bound plan and writing it: the manifest has
    // the bound plan's digest, the file is still the prepared plan.
    const bound = {
      ...JSON.parse(prepared.toString('utf8')),
      action: { kind: 'archive', at: '2026-01-01T00:00:00.000Z' },
    };
    await writeSealedPlan(paths, bound);
    await writeFile(paths.plan, prepared);
    const archive = (extra: { checkpoint?: (label: string) => void } = {}) =>
      executeLeadsAction({
        dir,
        runId: 'leads-1',
        connectionId: LEADS.id,
        client: leadsClient(),
        action: 'archive',
        ...extra,
      });
    await rejectionOf(archive({ checkpoint: killAt('outcome', 2) }));
    expect(JSON.parse(await readFile(paths.plan, 'utf8')).action.kind).toBe('archive');

    // Now the action is bound and the run has started: turning it into a delete is refused.
    const text = await readFile(paths.plan, 'utf8');
    await writeFile(paths.plan, text.replace('"kind":"archive"', '"kind":"delete"'));
    const logged = sandbox.log.length;
    const error = await rejectionOf(
      executeLeadsAction({
        dir,
        runId: 'leads-1',
        connectionId: LEADS.id,
        client: leadsClient(),
        action: 'delete',
      }),
    );
    expect(error).toMatchObject({ code: 'plan-changed' });
    expect(sandbox.log.length).toBe(logged);
    expect(ids.every((id) => sandbox.state.leads().has(id))).toBe(true);
    // Once the journal exists, the plan as prepared no longer passes either.
    await writeFile(paths.plan, prepared);
    expect(await rejectionOf(archive())).toMatchObject({ code: 'plan-changed' });
    await writeFile(paths.plan, text);
    await expect(archive()).resolves.toMatchObject({ state: 'finished', done: 4, deleted: 0 });
  });
});

describe('a damaged journal', () => {
  it('a flipped byte in the last complete line stops the run with one line naming the file and what to do, and nothing is sent again', async () => {
    const campaign = sandbox.state.campaigns()[0]!;
    const members = campaignMembers(campaign).slice(0, 800); // batches of ~368
    await prepareV1(members, [campaign]);
    // Killed right after batch 1's outcome was journaled.
    await rejectionOf(executeV1(800, { checkpoint: killAt('outcome') }));
    const { journal, manifest } = runPaths(dir, 'run-1');
    const text = await readFile(journal, 'utf8');
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toContain('"type":"outcome"');
    await writeFile(journal, text.replace(/"status":"done"(?=[^\n]*\n$)/, '"status":"dome"'));
    const sent = deletes(sandbox).length;
    const logged = sandbox.log.length;

    const error = await rejectionOf(executeV1(800));
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect((error as Error).message).toBe(
      `The journal ${journal} is damaged (entry 3: checksum mismatch), so where run run-1 stopped cannot be known: it stops here and sends nothing. Start a new run for the same targets (it backs up and changes only what is still there), or restore from its backup (${manifest}).`,
    );
    expect(sandbox.log.length).toBe(logged);
    expect(deletes(sandbox)).toHaveLength(sent);
    expect((await listDeleteRuns(dir))[0]).toMatchObject({ status: 'damaged' });
  });

  it('a torn last line (no newline) is a crash: dropped, and the run resumes without sending a batch twice', async () => {
    const targets = liveIds(sandbox).slice(0, 800);
    await prepareV1(targets);
    await rejectionOf(executeV1(800, { checkpoint: killAt('sent', 2) }));
    await appendFile(runPaths(dir, 'run-1').journal, '{"seq":6,"type":"outcome","batch":1,"outc');
    const result = await executeV1(800);
    expect(result).toMatchObject({ state: 'finished', deleted: 800, unknown: 0 });
    const applied = deletes(sandbox).filter((e) => e.applied);
    expect(applied).toHaveLength(result.batches.length);
    expect((await readJournal(runPaths(dir, 'run-1').journal)).torn).toBeNull();
  });
});

describe('runs from before plans were sealed', () => {
  /** The run as the previous version left it: plan version 1, no seal in the manifest. */
  async function asLegacy(runId: string): Promise<void> {
    const paths = runPaths(dir, runId);
    const { backup: _backup, ...plan } = JSON.parse(await readFile(paths.plan, 'utf8'));
    await writeFile(paths.plan, `${JSON.stringify({ ...plan, version: 1 })}\n`);
    const { plan: _seal, ...manifest } = JSON.parse(await readFile(paths.manifest, 'utf8'));
    await writeFile(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  it('are not resumed, with a message saying how to go on; their backup still restores', async () => {
    const targets = liveIds(sandbox).slice(0, 800);
    await prepareV1(targets);
    await rejectionOf(executeV1(800, { checkpoint: killAt('outcome') }));
    await asLegacy('run-1');
    const logged = sandbox.log.length;
    const error = await rejectionOf(executeV1(800));
    expect(error).toMatchObject({ code: 'plan-unsealed' });
    expect((error as Error).message).toBe(
      `Run run-1 was prepared by an earlier version of Prospect Desk, before plans were sealed to their backup, so ${runPaths(dir, 'run-1').plan} cannot be checked and the run is not resumed: nothing was sent. Restore from its backup (${runPaths(dir, 'run-1').manifest}) or start a new run for the targets that are left.`,
    );
    expect(sandbox.log.length).toBe(logged);
    // Listed as it is (interrupted), with why it cannot be resumed.
    expect((await listDeleteRuns(dir))[0]).toMatchObject({
      status: 'interrupted',
      message: (error as Error).message,
    });
    // Restore needs no plan: the verified backup comes back.
    const restored = await restoreProspects({
      dir,
      runId: 'run-1',
      connectionId: CONNECTION.id,
      client: v1Client(sandbox),
    });
    expect(restored).toMatchObject({ records: 800, failed: 0 });
  });

  it('a Leads run from before is not resumed, but its archive can still be undone', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 3);
    const before = ids.map((id) => JSON.stringify(sandbox.state.leads().get(id)));
    await prepareLeadsDelete({
      dir,
      runId: 'leads-1',
      connection: LEADS,
      client: leadsClient(),
      target: { ids },
    });
    const run = (action: 'archive') =>
      executeLeadsAction({
        dir,
        runId: 'leads-1',
        connectionId: LEADS.id,
        client: leadsClient(),
        action,
      });
    await run('archive');
    await asLegacy('leads-1');
    expect(await rejectionOf(run('archive'))).toMatchObject({ code: 'plan-unsealed' });
    const restored = await restoreLeads({
      dir,
      runId: 'leads-1',
      connectionId: LEADS.id,
      client: leadsClient(),
    });
    expect(restored).toMatchObject({ restored: 3, failed: 0 });
    const after = ids.map((id) => sandbox.state.leads().get(id) as Record<string, unknown>);
    expect(after.map((l) => l.status)).toEqual(before.map((t) => JSON.parse(t).status));
  });
});

const companyReader = (companyId: number) =>
  new WoodpeckerV1Client(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.agency, companyId },
    testHttp().options,
  );

const leadsClient = () =>
  new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, testHttp().options);
