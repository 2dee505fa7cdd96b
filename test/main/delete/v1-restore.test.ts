import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeProspectDelete } from '../../../src/main/delete/v1-execute';
import { prepareProspectDelete } from '../../../src/main/delete/v1-prepare';
import { restoreProspects } from '../../../src/main/delete/v1-restore';
import { exportAccount } from '../../../src/main/jobs/export-account';
import { ListFiles } from '../../../src/main/lists/list-files';
import { listEmails } from '../../../src/main/lists/list-targets';
import { ImportSession } from '../../../src/shared/import/import-session';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox, SandboxProspect } from '../../../src/main/sandbox/types';
import { FORMULA_PROSPECTS } from '../../support/formula-prospects';
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

  it('refuses another account than the backup’s, before any request', async () => {
    await prepareProspectDelete({
      dir,
      runId: 'run-x',
      connection: CONNECTION,
      client: v1Client(sandbox),
      targets: { ids: liveIds(sandbox).slice(0, 3) },
    });
    const logged = sandbox.log.length;
    await expect(
      restoreProspects({ dir, runId: 'run-x', connectionId: 'another', client: v1Client(sandbox) }),
    ).rejects.toMatchObject({
      code: 'validation',
      message:
        "Run run-x belongs to another account (Main account): nothing was sent. Use that account's connection or key.",
    });
    expect(sandbox.log.length).toBe(logged);
  });

  it('a list of our own export names the prospects, and the restore sends their values exactly, never our guard', async () => {
    // The account, exported to CSV (formula-guarded), imported unchanged and saved as a list.
    const client = v1Client(sandbox);
    await client.updateProspects({ prospects: FORMULA_PROSPECTS, fileName: 'formula cells' });
    const originals = new Map(
      [...sandbox.state.prospects().values()]
        .filter((p) => FORMULA_PROSPECTS.some((f) => f.email === p.email))
        .map((p) => [p.email, comparable(p)]),
    );
    expect(originals.size).toBe(FORMULA_PROSPECTS.length);
    const csv = join(dir, 'account.csv');
    await exportAccount({ client, path: csv, format: 'csv' });
    const session = ImportSession.start(createReadStream(csv), {
      fileName: 'account.csv',
      totalBytes: null,
    });
    await session.done;
    const lists = new ListFiles(dir);
    const upload = await lists.begin(session.toListMetaInput('Account'));
    const { rows, offsets } = session.serialize();
    await lists.append(upload, 'rows', 0, rows);
    await lists.append(
      upload,
      'offsets',
      0,
      new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength),
    );
    const list = await lists.commit(upload);

    // Delete the list's last rows (the prospects just added: ids ascend), as the Delete page does.
    const { emails } = await listEmails(dir, list);
    const targets = emails.slice(-FORMULA_PROSPECTS.length);
    expect(targets.sort()).toEqual(FORMULA_PROSPECTS.map((p) => p.email).sort());
    const prepared = await prepareProspectDelete({
      dir,
      runId: 'run-f',
      connection: CONNECTION,
      client,
      targets: { emails: targets },
    });
    expect(prepared.plan.notFound).toEqual([]);
    await executeProspectDelete({
      dir,
      runId: 'run-f',
      connectionId: CONNECTION.id,
      client,
      confirmCount: FORMULA_PROSPECTS.length,
    });
    expect(FORMULA_PROSPECTS.some((p) => byEmail().has(p.email))).toBe(false);

    const sentBefore = sandbox.log.length;
    const result = await restoreProspects({
      dir,
      runId: 'run-f',
      connectionId: CONNECTION.id,
      client,
    });
    expect(result).toMatchObject({
      records: FORMULA_PROSPECTS.length,
      restored: FORMULA_PROSPECTS.length,
      failed: 0,
    });
    const after = byEmail();
    for (const [email, original] of originals)
      expect(comparable(after.get(email)!)).toEqual(original);
    // Every value sent is the backed-up one, triggers and the user's own apostrophes included.
    const sent = sandbox.log
      .slice(sentBefore)
      .filter((e) => e.path === '/rest/v1/add_prospects_list')
      .flatMap((e) => (e.body as { prospects: Record<string, string>[] }).prospects);
    expect(sent).toHaveLength(FORMULA_PROSPECTS.length);
    for (const prospect of sent) {
      const original = originals.get(prospect.email!)!;
      for (const [field, value] of Object.entries(prospect)) {
        if (value !== '') expect(value).toBe(String(original[field]));
      }
    }
    const sentValues = sent.flatMap((p) => Object.values(p));
    expect(sentValues).toEqual(expect.arrayContaining(['-ops@example.com', '-Ana', "'Tis"]));
    expect(sentValues).not.toContain("'-Ana");
  });
});
