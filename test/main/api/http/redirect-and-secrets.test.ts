import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/main/api/http/api-error';
import { LeadsClient } from '../../../../src/main/api/leads/client';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { WoodpeckerV2AgencyClient } from '../../../../src/main/api/woodpecker-v2/agency-client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../support';

let sandbox: Sandbox;
let redirector: Server;
let redirectorUrl: string;
let redirectorHits = 0;

beforeAll(async () => {
  sandbox = await startSandbox({
    prospects: 20,
    companies: [{ id: 7, name: 'Hooli', prospects: 5 }],
    leads: 5,
  });
  // Answers every request with a redirect to the sandbox, as a misconfigured
  // proxy would: following it would hand the key to another origin.
  redirector = createServer((req, res) => {
    redirectorHits++;
    res.writeHead(302, { location: `${sandbox.url}${req.url ?? '/'}` });
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => redirector.close(() => resolve()));
  await sandbox.close();
});

function containsNoSecret(error: unknown, secret: string): void {
  expect(error).toBeInstanceOf(ApiError);
  const apiError = error as ApiError;
  expect(apiError.message).not.toContain(secret);
  expect(JSON.stringify(apiError)).not.toContain(secret);
  expect(JSON.stringify(apiError.toDto())).not.toContain(secret);
  expect(String(apiError.stack)).not.toContain(secret);
}

describe('redirects', () => {
  it('are an error, never followed, so the sandbox never sees the key', async () => {
    sandbox.reset();
    const { options, attempts } = testHttp();
    const c = new WoodpeckerV1Client(
      { baseUrl: redirectorUrl, apiKey: sandbox.keys.woodpecker },
      options,
    );
    const error = await rejectionOf(c.countProspects());
    expect(error).toMatchObject({ code: 'unexpected_response' });
    expect((error as ApiError).message).toMatch(/redirect/);
    expect(attempts).toHaveLength(1);
    expect(redirectorHits).toBe(1);
    expect(sandbox.log).toHaveLength(0);
    containsNoSecret(error, sandbox.keys.woodpecker);
  });
});

describe('API keys never reach errors', () => {
  it('for every kind of failure of every client', async () => {
    sandbox.reset();
    // No retries, and no waiting out busy answers: each fault is the final error.
    const { options } = testHttp({ timeoutMs: 100, maxAttempts: 1, busy: { maxTotalWaitMs: 0 } });
    const key = sandbox.keys.woodpecker;
    const v1 = new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: key }, options);
    const errors: unknown[] = [];
    for (const fault of [
      { kind: 'status', status: 401 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS' },
      { kind: 'reset-after' },
      { kind: 'malformed-json' },
      { kind: 'hang' },
    ] as const) {
      sandbox.faults.add({ fault });
      errors.push(await rejectionOf(v1.countProspects()));
      sandbox.faults.add({ fault });
      errors.push(
        await rejectionOf(v1.updateProspects({ prospects: [{ email: 'a@b.co' }], fileName: 'x' })),
      );
    }
    for (const error of errors) containsNoSecret(error, key);

    const bad = 'wrong-key-abcdef-123456';
    containsNoSecret(
      await rejectionOf(
        new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: bad }).countProspects(),
      ),
      bad,
    );
    containsNoSecret(
      await rejectionOf(
        new WoodpeckerV2AgencyClient({
          baseUrl: sandbox.url,
          apiKey: bad,
        }).deleteAllCompanyProspects(7),
      ),
      bad,
    );
    containsNoSecret(
      await rejectionOf(new LeadsClient({ baseUrl: sandbox.url, apiKey: bad }).list()),
      bad,
    );
  });
});

describe('connection refused', () => {
  it('retries a write that provably never left (ECONNREFUSED), without flagging it unknown', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { options, attempts, waits } = testHttp({ maxAttempts: 3 });
    const c = new WoodpeckerV1Client(
      { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k-123456789' },
      options,
    );
    const error = await rejectionOf(
      c.updateProspects({ prospects: [{ email: 'a@b.co' }], fileName: 'x' }),
    );
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: false });
    expect((error as ApiError).message).toContain('ECONNREFUSED');
    expect(attempts).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });
});
