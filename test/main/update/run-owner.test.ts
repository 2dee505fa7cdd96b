import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/shared/history';
import type { UpdateRunInfo } from '../../../src/shared/update/update-run-info';
import { WoodpeckerV1Client } from '../../../src/main/api/woodpecker-v1/client';
import { applyUpdate } from '../../../src/main/update/apply-update';
import { resumeUpdate } from '../../../src/main/update/resume-update';
import { retryFailed, revertUpdate } from '../../../src/main/update/retry-revert';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../api/support';
import { finalEvent, invokeOk, startSandboxApp } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';
import { Killed, killAt, longList, previewCsv, updateRequests } from './update-fixture';

// A run belongs to its account (decision 012): the engine refuses any other
// before a request; the app takes the account from the run itself, and says
// what to do when that connection is gone.

let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An app with the Sandbox saved, and an apply of 30 rows killed after batch 2 of 6. */
async function appWithKilledRun(): Promise<{
  sandbox: Sandbox;
  connectionId: string;
  runId: string;
  dir: string;
  client: WoodpeckerV1Client;
}> {
  const started = await startSandboxApp({ prospects: 200, companies: [], leads: 0 });
  app = started.app;
  const { sandbox, connectionId } = started;
  const client = new WoodpeckerV1Client(
    { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
    testHttp().options,
  );
  const preview = await previewCsv(client, longList(sandbox, 25, 5));
  const runId = 'upd-20261208-000000-abcdef';
  const dir = join(app.dataDir, 'updates', runId);
  const error = await rejectionOf(
    applyUpdate({
      dir,
      runId,
      connection: { id: connectionId, label: 'Sandbox', kind: 'sandbox' },
      list: 'Q4 list',
      client,
      planned: await preview.plannedRows(),
      skipped: preview.skippedOutcomes(),
      fileName: 'Q4 list',
      batchSize: 5,
      checkpoint: killAt('outcome', 2),
    }),
  );
  expect(error).toBeInstanceOf(Killed);
  return { sandbox, connectionId, runId, dir, client };
}

async function jobError(channel: string, input: unknown) {
  const { jobId } = await invokeOk<{ jobId: string }>(app!, channel, input);
  return finalEvent(app!, jobId);
}

describe('a run belongs to its account', () => {
  it("the engine refuses another account's key before any request", async () => {
    const { sandbox, dir, client } = await appWithKilledRun();
    const logged = sandbox.log.length;
    for (const action of [resumeUpdate, retryFailed, revertUpdate]) {
      const error = (await rejectionOf(
        action({ dir, client, connectionId: 'cli-0123456789abcdef' }),
      )) as { code: string; message: string };
      expect(error.code).toBe('validation');
      expect(error.message).toMatch(
        /^Update run upd-\S+ belongs to another account \(Sandbox\): nothing was sent\./,
      );
    }
    expect(sandbox.log.length).toBe(logged);
  });

  it('the app lists the interrupted run, resumes it with the run’s own connection, and records it', async () => {
    const { sandbox, runId } = await appWithKilledRun();
    const { runs } = await invokeOk<{ runs: UpdateRunInfo[] }>(app!, 'update:runs');
    expect(runs).toEqual([
      expect.objectContaining({
        runId,
        status: 'interrupted',
        list: 'Q4 list',
        planned: 30,
        notSent: 20,
        counts: { updated: 10, added: 0, failed: 0, unknown: 0 },
      }),
    ]);
    const done = await jobError('update:resume', { runId });
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({ resumed: true, counts: { updated: 25, added: 5 } });
    expect(updateRequests(sandbox)).toHaveLength(6);
    const after = await invokeOk<{ runs: UpdateRunInfo[] }>(app!, 'update:runs');
    expect(after.runs[0]).toMatchObject({ status: 'finished', notSent: 0 });
    const { entries } = await invokeOk<{ entries: HistoryEntry[] }>(app!, 'history:list');
    expect(entries[0]).toMatchObject({
      kind: 'update',
      runId,
      state: 'succeeded',
      message: expect.stringMatching(/^Resumed after it stopped before finishing/),
    });
  });

  it('refuses, saying what to do, when the run’s connection was removed: no request', async () => {
    const { sandbox, connectionId, runId } = await appWithKilledRun();
    await invokeOk(app!, 'connections:remove', { id: connectionId });
    const logged = sandbox.log.length;
    for (const channel of ['update:resume', 'update:retry', 'update:revert']) {
      const failed = await jobError(channel, { runId });
      expect(failed.state, channel).toBe('failed');
      expect(failed.error?.message).toMatch(
        /^This update was made with the connection "Sandbox", which was removed from Prospect Desk, so it cannot be resumed, retried or reverted here: nothing was sent\. Use the command line with that account's API key: prospect-desk update --resume\|--retry-failed\|--revert ".*" --key-env VAR --key-rotated\.$/,
      );
    }
    expect(sandbox.log.length).toBe(logged);
  });
});
