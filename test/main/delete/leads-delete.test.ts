import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LeadsClient } from '../../../src/main/api/leads/client';
import { BackupVerificationError } from '../../../src/main/backup/backup-errors';
import { readJournal } from '../../../src/main/backup/journal';
import {
  executeLeadsAction,
  prepareLeadsDelete,
  restoreLeads,
} from '../../../src/main/delete/leads-delete';
import type { ExecuteLeadsActionOptions } from '../../../src/main/delete/leads-delete';
import { runPaths } from '../../../src/main/delete/run-files';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox, SandboxLead } from '../../../src/main/sandbox/types';
import { makeTempDir } from '../../support/temp-dir';
import { rejectionOf, testHttp } from '../api/support';

const CONNECTION = { id: 'c-leads', label: 'CRM', kind: 'leads' as const };
const RUN = 'leads-1';

let sandbox: Sandbox;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1, companies: [], leads: 30 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

const client = () =>
  new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, testHttp().options);
const leads = () => sandbox.state.leads();
const someIds = (n: number, from = 0) => [...leads().keys()].slice(from, from + n);
const copy = (lead: SandboxLead | undefined) => JSON.parse(JSON.stringify(lead)) as SandboxLead;
const requests = (method: string) => sandbox.log.filter((e) => e.method === method);

function prepare(target: { ids: string[] } | { status: string }) {
  return prepareLeadsDelete({ dir, runId: RUN, connection: CONNECTION, client: client(), target });
}

function execute(
  action: ExecuteLeadsActionOptions['action'],
  extra: Partial<ExecuteLeadsActionOptions> = {},
) {
  return executeLeadsAction({
    dir,
    runId: RUN,
    connectionId: CONNECTION.id,
    client: client(),
    action,
    ...extra,
  });
}

describe('prepareLeadsDelete', () => {
  it('backs up the leads read fresh, reports the ones not found, and previews name + email', async () => {
    const ids = someIds(4);
    const expected = ids.map((id) => copy(leads().get(id)));
    const prepared = await prepare({ ids: [...ids, 'lead_missing', ids[0]!] });
    expect(prepared).toMatchObject({ total: 4, notFound: ['lead_missing'] });
    expect(prepared.plan.targets).toBe(5);
    expect(prepared.preview).toEqual(
      expected.map((l) => ({ id: l.id, name: l.name, email: l.email })),
    );
    const lines = (await readFile(runPaths(dir, RUN).jsonl, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(expected);
  });

  it('lists every lead of a status', async () => {
    const lost = [...leads().values()].filter((l) => l.status === 'lost').map((l) => l.id);
    expect(lost.length).toBeGreaterThan(0);
    const prepared = await prepare({ status: 'lost' });
    expect(prepared.plan.ids).toEqual(lost);
    expect(prepared.plan.target).toEqual({ status: 'lost' });
  });

  it('aborts on a failed read and leaves no plan', async () => {
    sandbox.faults.add({ match: { method: 'GET' }, fault: { kind: 'status', status: 401 } });
    expect(await rejectionOf(prepare({ ids: someIds(2) }))).toMatchObject({ code: 'auth' });
    expect(await rejectionOf(execute('delete'))).toMatchObject({ code: 'not_found' });
  });
});

describe('executeLeadsAction: delete', () => {
  it('deletes exactly the backed-up leads, one DELETE each', async () => {
    const ids = someIds(5);
    await prepare({ ids: [...ids, 'lead_missing'] });
    const result = await execute('delete');
    expect(result).toMatchObject({
      state: 'finished',
      action: 'delete',
      targets: 6,
      backedUp: 5,
      deleted: 5,
      done: 5,
      notFound: 1,
      failed: 0,
      unknown: 0,
      pending: 0,
    });
    expect(result.leads.map((l) => [l.id, l.status, l.sends])).toEqual(
      ids.map((id) => [id, 'done', 1]),
    );
    expect(requests('DELETE').map((e) => decodeURIComponent(e.path.split('/').pop()!))).toEqual(
      ids,
    );
    expect(leads().size).toBe(25);
    for (const id of ids) expect(leads().has(id)).toBe(false);
    // A second execution sends nothing.
    expect(await execute('delete')).toMatchObject({ deleted: 5, requests: 0 });
    expect(requests('DELETE')).toHaveLength(5);
  });

  it('reports a lead removed elsewhere since the backup as gone, not deleted by us', async () => {
    const ids = someIds(3);
    await prepare({ ids });
    await client().delete(ids[1]!);
    const result = await execute('delete');
    expect(result).toMatchObject({ deleted: 2, notFound: 1, failed: 0 });
    expect(result.leads[1]).toMatchObject({ id: ids[1], status: 'gone', code: 'gone' });
  });

  it('counts a lead deleted after a lost answer and a crash, on resume, with one DELETE', async () => {
    const ids = someIds(3);
    await prepare({ ids });
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    class Killed extends Error {}
    const crash = await rejectionOf(
      execute('delete', {
        checkpoint: (label) => {
          if (label === 'answer') throw new Killed('killed');
        },
      }),
    );
    expect(crash).toBeInstanceOf(Killed);
    const journal = await readJournal(runPaths(dir, RUN).journal);
    expect(journal.entries.map((e) => e.type)).toEqual(['intent', 'sent']);

    const resumed = await execute('delete');
    expect(resumed).toMatchObject({ state: 'finished', deleted: 3, unknown: 0, failed: 0 });
    expect(resumed.leads[0]).toMatchObject({ status: 'done', code: 'reconciled', sends: 1 });
    for (const id of ids) {
      expect(requests('DELETE').filter((e) => e.path.endsWith(`/${id}`))).toHaveLength(1);
    }
    expect(leads().size).toBe(27);
  });

  it('reconciles a lost answer at once when the read works', async () => {
    const ids = someIds(2);
    await prepare({ ids });
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });
    const result = await execute('delete');
    expect(result).toMatchObject({ deleted: 2, unknown: 0 });
    expect(requests('DELETE')).toHaveLength(2);
  });

  it('resends after a lost answer only when the lead is still exactly as backed up', async () => {
    const ids = someIds(2);
    await prepare({ ids });
    // Dropped before it was applied: the lead is untouched, so it is sent again.
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-before' } });
    const result = await execute('delete');
    expect(result).toMatchObject({ deleted: 2 });
    expect(result.leads[0]).toMatchObject({ status: 'done', sends: 2 });
    expect(requests('DELETE')).toHaveLength(3);
  });

  it('refuses to delete when the backup fails verification (a flipped byte)', async () => {
    await prepare({ ids: someIds(4) });
    const { jsonl } = runPaths(dir, RUN);
    const bytes = await readFile(jsonl);
    bytes[15] = bytes[15]! ^ 0x01;
    await writeFile(jsonl, bytes);
    expect(await rejectionOf(execute('delete'))).toBeInstanceOf(BackupVerificationError);
    expect(requests('DELETE')).toHaveLength(0);
    expect(leads().size).toBe(30);
  });

  it('binds the action to the run: a resume cannot switch to delete', async () => {
    const ids = someIds(2);
    await prepare({ ids });
    await execute('archive', { reason: 'Cold' });
    expect(await rejectionOf(execute('delete'))).toMatchObject({ code: 'conflict' });
    expect(requests('DELETE')).toHaveLength(0);
  });
});

describe('archive, anonymize and restore', () => {
  it('archives, then restores the backed-up status and metadata', async () => {
    const ids = someIds(4);
    const before = ids.map((id) => copy(leads().get(id)));
    await prepare({ ids });
    const result = await execute('archive', { reason: 'No budget' });
    expect(result).toMatchObject({ action: 'archive', done: 4, deleted: 0 });
    for (const id of ids) {
      expect(leads().get(id)).toMatchObject({
        status: 'lost',
        metadata: { archived: true, archived_reason: 'No budget' },
      });
    }
    expect(requests('DELETE')).toHaveLength(0);

    const restored = await restoreLeads({
      dir,
      runId: RUN,
      connectionId: CONNECTION.id,
      client: client(),
    });
    expect(restored).toMatchObject({ restored: 4, failed: 0, notRestorable: 0 });
    for (const lead of before) {
      const now = leads().get(lead.id)!;
      expect(now.status).toBe(lead.status);
      // Keys the archive added come back as null (the PUT merges metadata).
      const cleared = { archived: null, archived_at: null, archived_reason: null };
      expect(now.metadata).toEqual({ ...cleared, ...(lead.metadata as object) });
    }
  });

  it('anonymizes personal fields only, then restores them', async () => {
    const ids = someIds(3, 5);
    const before = ids.map((id) => copy(leads().get(id)));
    await prepare({ ids });
    await execute('anonymize');
    for (const lead of before) {
      const now = leads().get(lead.id)!;
      expect(now).toMatchObject({
        id: lead.id,
        name: 'Anonymized lead',
        email: `anonymized+${lead.id}@example.invalid`,
        company: lead.company,
        status: lead.status,
        tags: lead.tags,
      });
      expect(now.phone).toBe('');
    }
    const restored = await restoreLeads({
      dir,
      runId: RUN,
      connectionId: CONNECTION.id,
      client: client(),
    });
    expect(restored.restored).toBe(3);
    for (const lead of before) {
      const { updatedAt: _a, ...now } = leads().get(lead.id)!;
      const { updatedAt: _b, ...was } = lead;
      expect(now).toEqual(was);
    }
  });

  it('refuses to restore with another connection than the run’s, before any request', async () => {
    const ids = someIds(3);
    await prepare({ ids });
    await execute('archive');
    const archived = ids.map((id) => copy(leads().get(id)));
    const logged = sandbox.log.length;
    const error = await rejectionOf(
      restoreLeads({ dir, runId: RUN, connectionId: 'c-other', client: client() }),
    );
    expect(error).toMatchObject({
      code: 'validation',
      message: `Run ${RUN} belongs to another account (CRM): nothing was sent. Use that account's connection or key.`,
    });
    expect(sandbox.log.length).toBe(logged);
    expect(ids.map((id) => copy(leads().get(id)))).toEqual(archived);
  });

  it('says deleted leads cannot be restored through the API', async () => {
    const ids = someIds(2);
    await prepare({ ids });
    await execute('delete');
    const restored = await restoreLeads({
      dir,
      runId: RUN,
      connectionId: CONNECTION.id,
      client: client(),
    });
    expect(restored).toMatchObject({ restored: 0, notRestorable: 2, requests: 0 });
    expect(restored.leads[0]!.message).toMatch(/cannot be restored through the API.*backup files/);
    expect(requests('PUT')).toHaveLength(0);
  });
});
