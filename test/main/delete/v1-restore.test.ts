import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeProspectDelete } from '../../../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../../../src/main/delete/v1-prepare';
import { restoreProspects } from '../../../src/main/delete/v1-restore';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox, SandboxProspect } from '../../../src/main/sandbox/types';
import { makeTempDir } from '../../support/temp-dir';
import { CONNECTION, liveIds, v1Client } from './v1-delete-fixtures';

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 1_200, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  const temp = await makeTempDir();
  dir = temp.dir;
  return temp.cleanup;
});

// What a restore cannot bring back: new ids, timestamps, campaign history, and
// what Woodpecker assigns itself (the CRM organisation link, the account's
// snippet labels). Empty and absent fields are the same prospect.
const IGNORED = new Set([
  'id',
  'updated',
  'last_contacted',
  'last replied',
  'last_replied',
  'organization_id',
  'snippet_labels',
]);
const comparable = (p: SandboxProspect) =>
  Object.fromEntries(
    Object.entries(p).filter(([key, value]) => !IGNORED.has(key) && value !== '' && value !== null),
  );
const byEmail = () =>
  new Map([...sandbox.state.prospects().values()].map((p) => [p.email.toLowerCase(), p]));

describe('restoreProspects', () => {
  it('backup → delete → restore gives the original prospects back except ids and timestamps', async () => {
    const targets = liveIds(sandbox).slice(100, 1_100);
    const before = byEmail();
    const originals = targets.map((id) => comparable(sandbox.state.prospects().get(id)!));
    await prepareProspectDelete({
      dir,
      runId: 'run-r',
      connection: CONNECTION,
      client: v1Client(sandbox),
      targets: { ids: targets },
    });
    await executeProspectDelete({
      dir,
      runId: 'run-r',
      connectionId: CONNECTION.id,
      client: v1Client(sandbox),
      confirmCount: 1_000,
    });
    expect(sandbox.state.prospects().size).toBe(200);

    const result = await restoreProspects({
      dir,
      runId: 'run-r',
      connectionId: CONNECTION.id,
      client: v1Client(sandbox),
      batchSize: 400,
    });
    expect(result).toMatchObject({ records: 1_000, restored: 1_000, failed: 0, requests: 3 });
    const after = byEmail();
    expect(after.size).toBe(before.size);
    const restored = originals.map((o) => comparable(after.get(String(o.email).toLowerCase())!));
    expect(restored).toEqual(originals);
    const newIds = restored.map((_, i) => after.get(String(originals[i]!.email).toLowerCase())!.id);
    expect(newIds.some((id) => targets.includes(id))).toBe(false);
    const restoreRequests = sandbox.log.filter((e) => e.path === '/rest/v1/add_prospects_list');
    expect(restoreRequests.map((e) => (e.body as { file_name: string }).file_name)).toEqual(
      Array(3).fill('Prospect Desk restore · run-r'),
    );
  });

  it('refuses a backup that does not verify and sends nothing', async () => {
    await prepareProspectDelete({
      dir,
      runId: 'run-x',
      connection: CONNECTION,
      client: v1Client(sandbox),
      targets: { ids: liveIds(sandbox).slice(0, 3) },
    });
    await expect(
      restoreProspects({ dir, runId: 'run-x', connectionId: 'another', client: v1Client(sandbox) }),
    ).rejects.toMatchObject({ code: 'connection' });
    expect(sandbox.log.filter((e) => e.method === 'POST')).toHaveLength(0);
  });
});
