import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/main/app-error';
import type { ApiError } from '../../../../src/main/api/http/api-error';
import type { HttpOptions } from '../../../../src/main/api/http/http-client';
import { WoodpeckerV1Client } from '../../../../src/main/api/woodpecker-v1/client';
import { startSandbox } from '../../../../src/main/sandbox';
import type { Sandbox } from '../../../../src/main/sandbox/types';
import { rejectionOf, testHttp } from '../support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 50, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());
// Omitting file_name clears the stored import name (notes/api-facts.md): every
// update the sandbox received, in every test, must carry one.
afterEach(() => {
  for (const entry of updates()) {
    expect(entry.body).toHaveProperty('file_name', expect.stringMatching(/\S/));
  }
});

const client = (options: HttpOptions = {}) =>
  new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker }, options);
const updates = () => sandbox.log.filter((e) => e.method === 'POST');
const existing = () => [...sandbox.state.prospects().values()].slice(0, 3);

describe('WoodpeckerV1Client.updateProspects', () => {
  it('updates prospects and answers one outcome per prospect, always sending file_name', async () => {
    const [a, b] = existing();
    const result = await client().updateProspects({
      prospects: [
        { email: a?.email ?? '', snippet1: 'Hello' },
        { email: b?.email ?? '', city: 'Palo Alto' },
        { email: 'new.person@example.com', first_name: 'New' },
      ],
      fileName: 'Prospect Desk 2025-03-05',
    });
    expect(result.outcomes.map((o) => [o.index, o.ok])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
    expect(result.outcomes[0]).toMatchObject({ ok: true, id: a?.id });
    expect(sandbox.state.prospects().get(a?.id ?? 0)?.snippet1).toBe('Hello');
    expect(sandbox.state.hidden(b?.id ?? 0)?.file_name).toBe('Prospect Desk 2025-03-05');
    expect(updates()).toHaveLength(1);
    expect(updates()[0]?.body).toMatchObject({
      update: true,
      file_name: 'Prospect Desk 2025-03-05',
    });
  });

  it('reports a partial success row by row, in request order', async () => {
    const [a] = existing();
    const result = await client().updateProspects({
      prospects: [
        { email: 'not-an-email' },
        { email: a?.email ?? '', snippet2: 'x' },
        { email: a?.email ?? '', status: 'NOPE' },
      ],
      fileName: 'batch',
    });
    expect(result.outcomes).toEqual([
      expect.objectContaining({ index: 0, email: 'not-an-email', ok: false, code: 'E_EMAIL' }),
      { index: 1, email: a?.email, ok: true, id: a?.id },
      expect.objectContaining({ index: 2, ok: false, code: 'E_INV_STATUS' }),
    ]);
  });

  it('reads the 400 "none updated" answer as outcomes, not as an exception', async () => {
    const result = await client().updateProspects({
      prospects: [{ email: 'broken' }, { email: 'also-broken' }],
      fileName: 'batch',
    });
    expect(updates()[0]?.status).toBe(400);
    expect(result.outcomes).toEqual([
      expect.objectContaining({ index: 0, ok: false, code: 'E_EMAIL' }),
      expect.objectContaining({ index: 1, ok: false, code: 'E_EMAIL' }),
    ]);
  });

  it('maps a 400 E_PARSER_ERROR without rows to bad_request', async () => {
    sandbox.faults.add({ fault: { kind: 'status', status: 400, vendorCode: 'E_PARSER_ERROR' } });
    const error = await rejectionOf(
      client().updateProspects({ prospects: [{ email: 'a@b.co' }], fileName: 'x' }),
    );
    expect(error).toMatchObject({
      code: 'bad_request',
      httpStatus: 400,
      vendorCode: 'E_PARSER_ERROR',
      outcomeUnknown: false,
    });
  });

  it('refuses more than 20,000 prospects or a missing import name before sending', async () => {
    const many = Array.from({ length: 20_001 }, (_, i) => ({ email: `p${i}@example.com` }));
    await expect(
      client().updateProspects({ prospects: many, fileName: 'x' }),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      client().updateProspects({ prospects: [{ email: 'a@b.co' }], fileName: ' ' }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
    expect(updates()).toHaveLength(0);
  });

  it('retries a write refused with 409 E_TOO_MANY_REQUESTS, honouring Retry-After', async () => {
    sandbox.faults.add({
      match: { method: 'POST' },
      fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS', retryAfter: '1' },
      times: 2,
    });
    const { options, waits } = testHttp();
    const [a] = existing();
    const result = await client(options).updateProspects({
      prospects: [{ email: a?.email ?? '' }],
      fileName: 'x',
    });
    expect(result.outcomes[0]?.ok).toBe(true);
    expect(waits).toEqual([1000, 1000]);
    expect(updates().map((e) => e.status)).toEqual([409, 409, 200]);
  });

  it.each(['reset-after', 'truncated-json', 'malformed-json'] as const)(
    'flags the outcome unknown after %s and sends the write only once',
    async (kind) => {
      sandbox.faults.add({ match: { method: 'POST' }, fault: { kind } });
      const { options, waits } = testHttp();
      const [a] = existing();
      const error = await rejectionOf(
        client(options).updateProspects({
          prospects: [{ email: a?.email ?? '', snippet3: 'y' }],
          fileName: 'x',
        }),
      );
      expect(error).toMatchObject({ outcomeUnknown: true });
      expect((error as ApiError).toDto().outcomeUnknown).toBe(true);
      expect((error as ApiError).message).toMatch(/may or may not have been applied/);
      expect(updates()).toHaveLength(1);
      expect(updates()[0]?.applied).toBe(true);
      expect(waits).toEqual([]);
    },
  );

  it('flags a timed-out write unknown and does not resend it', async () => {
    sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'hang' } });
    const { options } = testHttp({ timeoutMs: 150 });
    const error = await rejectionOf(
      client(options).updateProspects({ prospects: [{ email: 'a@b.co' }], fileName: 'x' }),
    );
    expect(error).toMatchObject({ code: 'timeout', outcomeUnknown: true });
    expect(updates()).toHaveLength(1);
  });

  it('flags a 500 on a write unknown and does not resend it', async () => {
    sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'status', status: 500 } });
    const { options } = testHttp();
    const error = await rejectionOf(
      client(options).updateProspects({ prospects: [{ email: 'a@b.co' }], fileName: 'x' }),
    );
    expect(error).toMatchObject({ code: 'server', vendorCode: 'E_UNNOWN', outcomeUnknown: true });
    expect(updates()).toHaveLength(1);
  });

  it('flags a write cancelled in flight as unknown', async () => {
    sandbox.faults.add({ match: { method: 'POST' }, fault: { kind: 'latency', ms: 5_000 } });
    const controller = new AbortController();
    const running = client().updateProspects(
      { prospects: [{ email: 'a@b.co' }], fileName: 'x' },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(running)).toMatchObject({ code: 'cancelled', outcomeUnknown: true });
  });
});
