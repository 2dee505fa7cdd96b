/**
 * Requests made vs the theoretical minimum for listing, updating and deleting
 * N prospects against the local sandbox (real HTTP, one request in flight).
 *
 * Minimums (performance-facts.md): list = ceil(N / 1000) pages; update =
 * ceil(N / 20000) requests; delete = the fewest URLs of ≤ 4,100 characters
 * that can hold every id (exact when ids have one length, as here).
 */
import { WoodpeckerV1Client } from '../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../src/main/sandbox';

export interface RequestBenchRow {
  operation: 'list' | 'update' | 'delete';
  prospects: number;
  requests: number;
  minimum: number;
  seconds: number;
}

export async function benchRequests(n: number): Promise<RequestBenchRow[]> {
  const sandbox = await startSandbox({ prospects: n, companies: [], leads: 0 });
  try {
    let requests = 0;
    const client = new WoodpeckerV1Client(
      { baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker },
      { onAttempt: () => void requests++, timeoutMs: 300_000 },
    );
    const rows: RequestBenchRow[] = [];
    const measure = async (
      operation: RequestBenchRow['operation'],
      minimum: number,
      run: () => Promise<void>,
    ) => {
      requests = 0;
      const started = performance.now();
      await run();
      rows.push({
        operation,
        prospects: n,
        requests,
        minimum,
        seconds: (performance.now() - started) / 1000,
      });
    };

    const ids: number[] = [];
    const emails: string[] = [];
    await measure('list', Math.ceil(n / 1000), async () => {
      for await (const page of client.listAll({}, { perPage: 1000 })) {
        for (const p of page) {
          ids.push(p.id);
          emails.push(p.email);
        }
      }
    });
    if (ids.length !== n) throw new Error(`listed ${ids.length} of ${n}`);

    await measure('update', Math.ceil(n / 20_000), async () => {
      for (let i = 0; i < n; i += 20_000) {
        const batch = emails
          .slice(i, i + 20_000)
          .map((email) => ({ email, snippet1: `bench ${i}` }));
        const result = await client.updateProspects({ prospects: batch, fileName: 'bench' });
        if (result.outcomes.some((o) => !o.ok)) throw new Error('update failed');
      }
    });

    await measure(
      'delete',
      minimumDeleteUrls(`${sandbox.url}/rest/v1/prospects?id=`, ids),
      async () => {
        for (const batch of client.planDeleteRequests(ids)) await client.deleteBatch(batch);
      },
    );
    if (sandbox.state.prospects().size !== 0) throw new Error('delete left prospects behind');
    return rows;
  } finally {
    await sandbox.close();
  }
}

/**
 * Fewest DELETE URLs for these ids: with ids of one length L, a URL holds
 * floor((capacity + 1) / (L + 1)) of them ("id,id,…"), so the minimum is exact;
 * with mixed lengths this is the bound for the longest ids (an upper bound).
 */
export function minimumDeleteUrls(prefix: string, ids: number[]): number {
  const capacity = 4100 - prefix.length;
  const longest = ids.reduce((max, id) => Math.max(max, String(id).length), 0);
  return Math.ceil(ids.length / Math.floor((capacity + 1) / (longest + 1)));
}
