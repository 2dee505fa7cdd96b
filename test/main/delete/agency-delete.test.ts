import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { WoodpeckerV2AgencyClient } from '../../../src/main/api/woodpecker-v2/agency-client';
import { BackupVerificationError } from '../../../src/main/backup/backup-errors';
import { readJournal } from '../../../src/main/backup/journal';
import { executeAgencyDelete, prepareAgencyDelete } from '../../../src/main/delete/agency-delete';
import type { ExecuteAgencyDeleteOptions } from '../../../src/main/delete/agency-delete';
import { runPaths } from '../../../src/main/delete/run-files';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { makeTempDir } from '../../support/temp-dir';
import { rejectionOf, testHttp } from '../api/support';

const CONNECTION = { id: 'c-agency', label: 'Agency HQ', kind: 'agency' as const };
const HOOLI = { id: 7, name: 'Hooli', prospects: 40 };
const EMPTY = { id: 9, name: 'Empty Co', prospects: 0 };

let sandbox: Sandbox;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 5, companies: [HOOLI, EMPTY], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

const readClient = (companyId = HOOLI.id) =>
  new WoodpeckerV1Client(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.agency, companyId },
    testHttp().options,
  );
const agencyClient = () =>
  new WoodpeckerV2AgencyClient(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.agency },
    testHttp().options,
  );
const posts = () => sandbox.log.filter((e) => e.method === 'POST' && e.path.includes('/v2/'));
const companyProspects = (id = HOOLI.id) => sandbox.state.prospects(`company:${id}`);

async function prepare(company = HOOLI, runId = 'agency-1') {
  return prepareAgencyDelete({
    dir,
    runId,
    connection: CONNECTION,
    agencyBaseUrl: sandbox.url,
    companyId: company.id,
    companyName: company.name,
    readClient: readClient(company.id),
  });
}

function execute(extra: Partial<ExecuteAgencyDeleteOptions> = {}) {
  return executeAgencyDelete({
    dir,
    runId: 'agency-1',
    connectionId: CONNECTION.id,
    agencyClient: agencyClient(),
    readClient: readClient(),
    typedName: HOOLI.name,
    ...extra,
  });
}

async function addProspect(email: string) {
  await readClient().updateProspects({ prospects: [{ email }], fileName: 'test' });
}

describe('prepareAgencyDelete', () => {
  it("backs up exactly the company's prospects, as the API sent them", async () => {
    const expected = [...companyProspects().values()].map((p) => JSON.parse(JSON.stringify(p)));
    const prepared = await prepare();
    const lines = (await readFile(runPaths(dir, 'agency-1').jsonl, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(expected);
    expect(prepared.plan).toMatchObject({ companyId: 7, companyName: 'Hooli', count: 40 });
    expect(prepared.requests).toEqual([
      {
        method: 'POST',
        url: `${sandbox.url}/rest/v2/agency/companies/7/prospects/delete`,
        targets: 40,
      },
    ]);
    // Read as the company: every list request carried x-company-id.
    const gets = sandbox.log.filter((e) => e.method === 'GET');
    expect(gets.every((e) => e.account === 'company:7')).toBe(true);
    expect(posts()).toHaveLength(0);
  });

  it('reports an empty company, and executing it sends nothing', async () => {
    const prepared = await prepare(EMPTY, 'agency-empty');
    expect(prepared).toMatchObject({ empty: true, requests: [] });
    const error = await rejectionOf(
      execute({ runId: 'agency-empty', typedName: EMPTY.name, readClient: readClient(EMPTY.id) }),
    );
    expect(error).toMatchObject({ code: 'validation' });
    expect(posts()).toHaveLength(0);
  });

  it('aborts on a failed read and leaves no plan', async () => {
    sandbox.faults.add({ match: { method: 'GET' }, fault: { kind: 'status', status: 401 } });
    expect(await rejectionOf(prepare())).toMatchObject({ code: 'auth' });
    expect(await rejectionOf(execute())).toMatchObject({ code: 'not_found' });
    expect(posts()).toHaveLength(0);
  });
});

describe('executeAgencyDelete', () => {
  it('sends one delete ALL after the gates, and never again for the same run', async () => {
    await prepare();
    const result = await execute({ typedName: '  Hooli ' });
    expect(result).toMatchObject({
      state: 'finished',
      targets: 40,
      backedUp: 40,
      deleted: 40,
      acceptedCount: 40,
      unknown: 0,
    });
    expect(result.alert).toBeUndefined();
    expect(sandbox.state.deletionRequests()).toEqual([
      { id: result.deletionRequestId, companyId: 7, count: 40 },
    ]);
    expect(companyProspects().size).toBe(0);
    const again = await execute();
    expect(again).toMatchObject({ state: 'finished', deletionRequestId: result.deletionRequestId });
    expect(posts()).toHaveLength(1);
  });

  it('refuses a wrong typed name without sending', async () => {
    await prepare();
    for (const typedName of ['hooli', 'Hooli Inc', '']) {
      expect(await rejectionOf(execute({ typedName }))).toMatchObject({ code: 'validation' });
    }
    expect(posts()).toHaveLength(0);
    expect(companyProspects().size).toBe(40);
  });

  it('stops when prospects were added since the backup (drift), sending nothing', async () => {
    await prepare();
    await addProspect('late.arrival@example.com');
    const error = await rejectionOf(execute());
    expect(error).toMatchObject({ code: 'conflict', details: { backedUp: 40, now: 41 } });
    expect((error as Error).message).toMatch(/1 prospects were added .* back up again/);
    expect(posts()).toHaveLength(0);
    expect(companyProspects().size).toBe(41);
  });

  it('stops when the count is the same but the prospects are not', async () => {
    await prepare();
    const first = [...companyProspects().keys()][0]!;
    await readClient().deleteBatch([first]);
    await addProspect('swapped.in@example.com');
    const error = await rejectionOf(execute());
    expect(error).toMatchObject({ code: 'conflict' });
    expect((error as Error).message).toMatch(/same number, not the same prospects/);
    expect(posts()).toHaveLength(0);
  });

  it('alerts when Woodpecker answers a different count than backed up', async () => {
    await prepare();
    const result = await execute({
      // After the drift check and the journal's `sent`, just before the POST.
      checkpoint: async (label) => {
        if (label === 'sent') await addProspect('racing.in@example.com');
      },
    });
    expect(result).toMatchObject({ state: 'finished', acceptedCount: 41 });
    expect(result.alert).toMatch(/41 prospects, but 40 were backed up/);
    expect(posts()).toHaveLength(1);
  });

  it('reconciles a lost answer by counting, and a second call sends nothing', async () => {
    await prepare();
    sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'reset-after' } });
    const result = await execute();
    expect(result).toMatchObject({ state: 'finished', deletionRequestId: null, deleted: 40 });
    expect(result.message).toMatch(/went through/);
    expect(await execute()).toMatchObject({ state: 'finished' });
    expect(posts()).toHaveLength(1);
  });

  it('stays unknown when the count cannot be read after a reset, and never resends', async () => {
    await prepare();
    sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'reset-after' } });
    const first = await execute({
      // After the drift check has read: every later read fails (500, retried, then given up).
      checkpoint: (label) => {
        if (label === 'sent') {
          sandbox.faults.add({
            match: { method: 'GET' },
            fault: { kind: 'status', status: 500 },
            times: 20,
          });
        }
      },
    });
    expect(first).toMatchObject({ state: 'unknown', unknown: 40, deleted: 0 });
    expect(first.message).toMatch(/will not be sent again/);
    const journal = await readJournal(runPaths(dir, 'agency-1').journal);
    expect(journal.entries.map((e) => e.type)).toEqual(['intent', 'sent']);

    sandbox.faults.clear();
    const second = await execute();
    expect(second).toMatchObject({ state: 'finished', deleted: 40 });
    expect(posts()).toHaveLength(1);
  });

  it('says the deletion may still be in progress when every prospect is still there', async () => {
    await prepare();
    // The connection drops before Woodpecker applies anything: all 40 remain.
    sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'reset-before' } });
    const first = await execute();
    expect(first).toMatchObject({ state: 'unknown', unknown: 40 });
    expect(first.message).toMatch(/asynchronously, so it may still be in progress/);
    expect(await execute()).toMatchObject({ state: 'unknown' });
    expect(posts()).toHaveLength(1);
    expect(companyProspects().size).toBe(40);
  });

  it('refuses to send when the backup fails verification (a flipped byte)', async () => {
    await prepare();
    const { jsonl } = runPaths(dir, 'agency-1');
    const bytes = await readFile(jsonl);
    bytes[20] = bytes[20]! ^ 0x01;
    await writeFile(jsonl, bytes);
    expect(await rejectionOf(execute())).toBeInstanceOf(BackupVerificationError);
    expect(posts()).toHaveLength(0);
    expect(companyProspects().size).toBe(40);
  });

  it('refuses a run prepared for another connection', async () => {
    await prepare();
    const error = await rejectionOf(execute({ connectionId: 'c-other' }));
    expect(error).toMatchObject({ code: 'conflict' });
    expect(posts()).toHaveLength(0);
  });
});
