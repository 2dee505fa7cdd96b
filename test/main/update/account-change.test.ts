import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareAccountSlots, withAccountChange } from '../../../src/main/api/http/account-queue';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { withTempDir } from '../../support/temp-dir';
import {
  applyPreview,
  plainProspects,
  previewCsv,
  sandboxClient,
  standardList,
  updateRequests,
} from './update-fixture';

// Two runs over the same prospects started together (two update runs, a
// delete beside an update…) both passed their drift check before either sent.
// One change per account at a time (account-queue.ts: withAccountChange),
// across processes when the data folder's locks are shared.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 300, companies: [], leads: 0, latencyMs: 5 });
});
afterAll(async () => sandbox.close());

describe('one change per account at a time', () => {
  it('two fresh update runs over the same list at once: one applies, the other is refused before any request', async () => {
    for (const shared of [false, true]) {
      await withTempDir(async (dir) => {
        sandbox.reset();
        const stop = shared ? shareAccountSlots(join(dir, 'locks')) : () => undefined;
        try {
          const client = sandboxClient(sandbox);
          const list = standardList(plainProspects(sandbox, 4));
          const [first, second] = [await previewCsv(client, list), await previewCsv(client, list)];
          const before = sandbox.log.length;
          const settled = await Promise.allSettled([
            applyPreview(client, first, join(dir, 'run-a'), { runId: 'upd-a' }),
            applyPreview(client, second, join(dir, 'run-b'), { runId: 'upd-b' }),
          ]);
          expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
          const refused = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
          expect(String(refused.reason.message)).toMatch(
            shared
              ? /^Another delete, update or restore on this account is already running \(pid \d+, since /
              : /^Another delete, update or restore on this account is already running in this window/,
          );
          // Only one run read and wrote: one update request, no second backup read.
          expect(updateRequests(sandbox)).toHaveLength(1);
          expect(sandbox.log.length - before).toBeLessThanOrEqual(4);
        } finally {
          stop();
        }
      });
    }
  });

  it('lets changes to different accounts, or one after another, go ahead', async () => {
    await withTempDir(async (dir) => {
      const stop = shareAccountSlots(join(dir, 'locks'));
      try {
        const order: string[] = [];
        await Promise.all([
          withAccountChange('acct-1', undefined, async () => order.push('1')),
          withAccountChange('acct-2', undefined, async () => order.push('2')),
        ]);
        await withAccountChange('acct-1', undefined, async () => order.push('1 again'));
        expect(order.sort()).toEqual(['1', '1 again', '2']);
      } finally {
        stop();
      }
    });
  });
});
