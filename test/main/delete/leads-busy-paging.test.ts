import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realSleep } from '../../../src/main/api/http/backoff';
import { withBusyWaitPolicy } from '../../../src/main/api/http/busy-wait';
import type { HttpOptions } from '../../../src/main/api/http/http-client';
import { LeadsClient } from '../../../src/main/api/leads/client';
import { executeLeadsAction, prepareLeadsDelete } from '../../../src/main/delete/leads-delete';
import type { ExecuteLeadsActionOptions } from '../../../src/main/delete/leads-delete';
import { startSandbox } from '../../../src/main/sandbox';
import type { LeadsPaging, Sandbox } from '../../../src/main/sandbox/types';
import { makeTempDir } from '../../support/temp-dir';
import { testHttp } from '../api/support';

/**
 * The Leads delete flow against a Leads API built from its docs (a list with
 * no paging field), one that does not page at all, one that ignores
 * `status`; and through 429 storms that outlast the allowed wait or get
 * cancelled. Real HTTP against the sandbox.
 */

const CONNECTION = { id: 'c-leads', label: 'CRM', kind: 'leads' as const };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

const clientOf = (sandbox: Sandbox, options: HttpOptions = testHttp().options) =>
  new LeadsClient({ baseUrl: sandbox.url, apiKey: sandbox.keys.leads }, options);
const idsWith = (sandbox: Sandbox, status: string) =>
  [...sandbox.state.leads().values()].filter((l) => l.status === status).map((l) => l.id);
const deletesOf = (sandbox: Sandbox, id: string) =>
  sandbox.log.filter((e) => e.method === 'DELETE' && e.path.endsWith(`/${id}`));

function prepare(
  client: LeadsClient,
  runId: string,
  target: { ids: string[] } | { status: string },
) {
  return prepareLeadsDelete({ dir, runId, connection: CONNECTION, client, target });
}

function execute(
  client: LeadsClient,
  runId: string,
  extra: Partial<ExecuteLeadsActionOptions> = {},
) {
  return executeLeadsAction({
    dir,
    runId,
    connectionId: CONNECTION.id,
    client,
    action: 'delete',
    ...extra,
  });
}

async function withSandbox(
  leadsPaging: LeadsPaging,
  run: (sandbox: Sandbox) => Promise<void>,
): Promise<void> {
  const sandbox = await startSandbox({ prospects: 0, companies: [], leads: 400, leadsPaging });
  try {
    await run(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe('backup by status, then delete, against a server that follows the docs', () => {
  it('backs up every "new" lead across pages (no paging field), then deletes exactly them', () =>
    withSandbox('doc-only', async (sandbox) => {
      const expected = idsWith(sandbox, 'new');
      expect(expected.length).toBeGreaterThan(100);
      const others = [...sandbox.state.leads().keys()].filter((id) => !expected.includes(id));
      const prepared = await prepare(clientOf(sandbox), 'run-doc', { status: 'new' });
      expect(prepared.plan.ids).toEqual(expected);
      expect(prepared.listingNote).toBeUndefined();
      expect(sandbox.log[0]?.query).toEqual({ status: 'new', limit: '100' });

      const result = await execute(clientOf(sandbox), 'run-doc');
      expect(result).toMatchObject({ state: 'finished', deleted: expected.length, failed: 0 });
      expect([...sandbox.state.leads().keys()]).toEqual(others);
      for (const id of expected) expect(deletesOf(sandbox, id)).toHaveLength(1);
    }));

  it.each(['pages', 'totalPages', 'hasMore', 'next', 'cursor'] as const)(
    'backs up every "new" lead from a server paging as "%s"',
    (variant) =>
      withSandbox(variant, async (sandbox) => {
        const prepared = await prepare(clientOf(sandbox), `run-${variant}`, { status: 'new' });
        expect(prepared.plan.ids).toEqual(idsWith(sandbox, 'new'));
        expect(prepared.listingNote).toBeUndefined();
      }),
  );

  it('from a server that ignores page: backs up the first 100, says so, and a second run gets the rest', () =>
    withSandbox('ignores-page', async (sandbox) => {
      const all = idsWith(sandbox, 'new');
      const first = await prepare(clientOf(sandbox), 'run-1', { status: 'new' });
      expect(first.plan.ids).toEqual(all.slice(0, 100));
      expect(first.listingNote).toBe(
        'Only the first 100 leads with status "new" could be listed: it answered the next page with the same leads again (it does not page). Those are backed up; run this again afterwards for the rest.',
      );
      await execute(clientOf(sandbox), 'run-1');

      const second = await prepare(clientOf(sandbox), 'run-2', { status: 'new' });
      expect(second.plan.ids).toEqual(all.slice(100, 200));
      await execute(clientOf(sandbox), 'run-2');
      const rest = idsWith(sandbox, 'new');
      if (rest.length > 0) {
        const third = await prepare(clientOf(sandbox), 'run-3', { status: 'new' });
        expect(third.listingNote).toBeUndefined();
        await execute(clientOf(sandbox), 'run-3');
      }
      expect(idsWith(sandbox, 'new')).toEqual([]);
      for (const id of all) expect(deletesOf(sandbox, id)).toHaveLength(1);
    }));
});

describe('backup by status from a server that ignores status', () => {
  let server: ReturnType<typeof createServer>;
  let url: string;
  beforeAll(async () => {
    const leads = Array.from({ length: 30 }, (_, i) => ({
      id: `lead_${i}`,
      name: `Lead ${i}`,
      email: `lead${i}@example.com`,
      status: i % 3 === 0 ? 'lost' : 'new',
    }));
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { leads } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('backs up only the leads of that status and says the others were left out', async () => {
    const client = new LeadsClient({ baseUrl: url, apiKey: 'sk-x-1234567890' });
    const prepared = await prepare(client, 'run-status', { status: 'lost' });
    expect(prepared.plan.ids).toEqual([
      'lead_0',
      'lead_3',
      'lead_6',
      'lead_9',
      'lead_12',
      'lead_15',
      'lead_18',
      'lead_21',
      'lead_24',
      'lead_27',
    ]);
    expect(prepared.listingNote).toBe(
      'The Leads API also listed 20 leads with another status: they were left out.',
    );
  });
});

describe('a Leads run through 429 storms', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ prospects: 0, companies: [], leads: 20 });
  });
  afterAll(async () => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('finishes through a storm of 60 × 429 (no Retry-After) on DELETE with nothing failed', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 5);
    await prepare(clientOf(sandbox), 'storm', { ids });
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429 },
      times: 60,
    });
    const result = await execute(clientOf(sandbox), 'storm');
    expect(result).toMatchObject({ state: 'finished', deleted: 5, failed: 0, pending: 0 });
    for (const id of ids) expect(deletesOf(sandbox, id).filter((e) => e.applied)).toHaveLength(1);
  });

  it('leaves a lead still busy past the allowed wait to do (not failed), and a resume deletes it', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 3);
    await prepare(clientOf(sandbox), 'limit', { ids });
    // No Retry-After: 250 + 500 + 1000 + 2000 ms, and the next 4 s would pass 5 s.
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429 },
      times: 5,
    });
    const limited = clientOf(sandbox, testHttp({ busy: { maxTotalWaitMs: 5_000 } }).options);
    const stopped = await execute(limited, 'limit');
    expect(stopped).toMatchObject({ state: 'stopped', deleted: 0, failed: 0, pending: 3 });
    expect(stopped.message).toMatch(
      /^Stopped at lead .*: The Leads API stayed busy \(RATE_LIMITED\)/,
    );
    expect(stopped.leads[0]).toMatchObject({ status: 'pending', code: 'rate_limited' });
    expect(sandbox.state.leads().has(ids[0]!)).toBe(true);

    const resumed = await execute(clientOf(sandbox), 'limit');
    expect(resumed).toMatchObject({ state: 'finished', deleted: 3, failed: 0, pending: 0 });
    expect(resumed.leads[0]).toMatchObject({ status: 'done', sends: 2 });
    for (const id of ids) {
      expect(sandbox.state.leads().has(id)).toBe(false);
      expect(deletesOf(sandbox, id).filter((e) => e.applied)).toHaveLength(1);
    }
  });

  it('counts a lead busy until the allowed wait, then deleted elsewhere, as gone, not as ours', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 2);
    await prepare(clientOf(sandbox), 'gone', { ids });
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429, retryAfter: '10' },
    });
    const limited = clientOf(sandbox, testHttp({ busy: { maxTotalWaitMs: 5_000 } }).options);
    expect(await execute(limited, 'gone')).toMatchObject({ state: 'stopped', pending: 2 });
    await clientOf(sandbox).delete(ids[0]!);
    const resumed = await execute(clientOf(sandbox), 'gone');
    expect(resumed).toMatchObject({ state: 'finished', deleted: 1, notFound: 1 });
    expect(resumed.leads[0]).toMatchObject({ status: 'gone' });
  });

  it('leaves leads whose requests never left to do, says so, and a resume sends them', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 2);
    await prepare(clientOf(sandbox), 'refused', { ids });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nowhere = new LeadsClient(
      { baseUrl: `http://127.0.0.1:${port}`, apiKey: sandbox.keys.leads },
      testHttp({ maxAttempts: 2 }).options,
    );
    const stopped = await execute(nowhere, 'refused');
    expect(stopped).toMatchObject({ state: 'stopped', deleted: 0, failed: 0, pending: 2 });
    expect(stopped.message).toMatch(
      /^2 leads could not be sent \(Could not reach .*ECONNREFUSED.*Resume to send them again\.$/,
    );

    const resumed = await execute(clientOf(sandbox), 'refused');
    expect(resumed).toMatchObject({ state: 'finished', deleted: 2, pending: 0 });
  });

  it('leaves a lead refused for its key to do, and a resume with a good key deletes it', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 2);
    await prepare(clientOf(sandbox), 'auth', { ids });
    sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'status', status: 401 } });
    const stopped = await execute(clientOf(sandbox), 'auth');
    expect(stopped).toMatchObject({ state: 'stopped', failed: 0, pending: 2 });
    expect(stopped.leads[0]).toMatchObject({ status: 'pending', code: 'auth' });
    const resumed = await execute(clientOf(sandbox), 'auth');
    expect(resumed).toMatchObject({ state: 'finished', deleted: 2 });
  });

  it('stops promptly when cancelled during a wait; the lead stays to do and a resume finishes', async () => {
    const ids = [...sandbox.state.leads().keys()].slice(0, 3);
    await prepare(clientOf(sandbox), 'cancel', { ids });
    sandbox.faults.add({
      match: { method: 'DELETE' },
      fault: { kind: 'status', status: 429, retryAfter: '300' },
    });
    const job = new AbortController();
    const slow = clientOf(sandbox, testHttp({ sleep: realSleep }).options);
    // As JobRunner runs a job: its signal ends waits, its reporter hears them.
    const cancelled = await withBusyWaitPolicy(
      { signal: job.signal, onWait: (n) => n.kind === 'waiting' && job.abort() },
      () => execute(slow, 'cancel', { signal: job.signal }),
    );
    expect(cancelled).toMatchObject({ state: 'cancelled', deleted: 0, failed: 0, pending: 3 });
    expect(sandbox.log.filter((e) => e.method === 'DELETE')).toHaveLength(1);

    const resumed = await execute(clientOf(sandbox), 'cancel');
    expect(resumed).toMatchObject({ state: 'finished', deleted: 3, failed: 0 });
    for (const id of ids) expect(deletesOf(sandbox, id).filter((e) => e.applied)).toHaveLength(1);
  });
});
