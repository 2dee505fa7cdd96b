import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { sandboxKeys } from './accounts';
import { AccountGate } from './concurrency';
import { FaultRules } from './faults';
import { RequestLog } from './request-log';
import { resolveOptions } from './seed-data';
import { SandboxData } from './sandbox-data';
import { createRequestListener } from './server';
import type { Sandbox, SandboxOptions } from './types';

export type * from './types';

/**
 * Starts the local API sandbox on 127.0.0.1 (random port): a faithful
 * imitation of the vendor endpoints in ../shared/api-docs, seeded
 * deterministically from `options.seed`. Used by API client tests, the e2e
 * suite, benchmarks and the app's "Sandbox" connection.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const data = new SandboxData(resolved);
  const keys = sandboxKeys(resolved.companies.map((c) => c.id));
  const gate = new AccountGate({
    mode: resolved.concurrency,
    queueLimit: resolved.queueLimit,
    queueTimeoutMs: resolved.queueTimeoutMs,
  });
  const faults = new FaultRules();
  const log = new RequestLog();
  const server = createServer(createRequestListener({ data, keys, gate, faults, log }));
  const port = await listen(server);
  let closing: Promise<void> | null = null;

  return {
    url: `http://127.0.0.1:${port}`,
    keys,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      pending: () => faults.pending(),
    },
    get log() {
      return log.entries;
    },
    maxInFlight: (account) => gate.maxInFlight(account),
    state: {
      prospects: (account = 'main') => data.prospects.account(account).byId,
      leads: () => data.leads,
      deletionRequests: () => data.deletionRequests.map((r) => ({ ...r })),
      companies: () => data.companies.map((c) => ({ ...c })),
      hidden: (id) => data.prospects.hidden(id),
      campaigns: (account = 'main') => [...data.prospects.account(account).campaigns],
    },
    reset() {
      data.reset();
      log.clear();
      faults.clear();
      gate.resetMaxima();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Ends keep-alive sockets and hung requests too.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('The sandbox did not get a TCP port.'));
        return;
      }
      resolve(address.port);
    });
  });
}
