import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/main/sandbox';
import type { Sandbox } from '../../../src/main/sandbox/types';
import { ProspectRows, woodpecker } from './sandbox-http';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 250 });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const list = async (query: string, init: Parameters<typeof woodpecker>[2] = {}) => {
  const res = await woodpecker(sandbox, `/rest/v1/prospects${query}`, init);
  return { res, total: res.headers.get('x-total-count'), body: (await res.json()) as unknown };
};
const rows = (body: unknown) => ProspectRows.parse(body);
const sortedIds = () => [...sandbox.state.prospects().keys()].sort((a, b) => a - b);

describe('GET /rest/v1/prospects: paging', () => {
  it('pages 100 by default, in id order, with X-Total-Count', async () => {
    const { res, total, body } = await list('');
    expect(res.status).toBe(200);
    expect(total).toBe('250');
    expect(rows(body).map((p) => p.id)).toEqual(sortedIds().slice(0, 100));
    expect(Object.keys(rows(body)[0] ?? {})).toContain('last replied');
  });

  it('answers a page beyond the end with the documented empty message and the total', async () => {
    const third = await list('?page=3&per_page=100');
    expect(rows(third.body).map((p) => p.id)).toEqual(sortedIds().slice(200));
    const past = await list('?page=4&per_page=100');
    expect(past.res.status).toBe(200);
    expect(past.body).toEqual({ message: 'There are no prospects matching the given criteria.' });
    expect(past.total).toBe('250');
  });

  it('answers 204 with X-Total-Count 0 when configured like the older docs', async () => {
    const old = await startSandbox({ prospects: 0, emptyListAs: '204' });
    try {
      const res = await woodpecker(old, '/rest/v1/prospects');
      expect(res.status).toBe(204);
      expect(res.headers.get('x-total-count')).toBe('0');
      expect(await res.text()).toBe('');
    } finally {
      await old.close();
    }
  });

  it('rejects per_page over 1000, non-integers and unknown params with E_WRONG_PARAM', async () => {
    const wrong = (msg: string) => ({ status: { status: 'ERROR', code: 'E_WRONG_PARAM', msg } });
    expect((await list('?per_page=1001')).body).toEqual(wrong('Wrong param [per_page]=1001'));
    expect((await list('?per_page=1.5')).res.status).toBe(400);
    expect((await list('?page=0')).body).toEqual(wrong('Wrong param [page]=0'));
    expect((await list('?madeUpParam=1')).body).toEqual(wrong('Unknown param:madeUpParam'));
    expect((await list('?status=active')).body).toEqual(wrong('Wrong param [status]=active'));
    expect((await list('?sort=%2Bemail')).res.status).toBe(400);
    expect((await list('?sort=-last_opened')).body).toEqual(
      wrong('Wrong param, required activity=OPENED|NOT-OPENED'),
    );
    expect((await list('?per_page=1000')).res.status).toBe(200);
  });
});

describe('GET /rest/v1/prospects: filters and sort', () => {
  it('filters by status and contacted, counting all matches', async () => {
    const all = [...sandbox.state.prospects().values()];
    const replied = all.filter((p) => p.status === 'REPLIED');
    const { total, body } = await list('?status=REPLIED&per_page=1000');
    expect(Number(total)).toBe(replied.length);
    expect(rows(body).every((p) => p.status === 'REPLIED')).toBe(true);

    const never = all.filter((p) => p.last_contacted === '');
    const uncontacted = await list('?contacted=false&per_page=1000');
    expect(Number(uncontacted.total)).toBe(never.length);
  });

  it('filters by a comma-separated id list', async () => {
    const [a, b] = sortedIds().slice(5, 7);
    const { body } = await list(`?id=${b},${a},1`);
    expect(rows(body).map((p) => p.id)).toEqual([a, b]);
  });

  it('returns prospects updated strictly after diff, with "+" encoded or decoded to a space', async () => {
    const all = [...sandbox.state.prospects().values()];
    const cut = String(all[10]?.updated);
    const cutMs = Date.parse(cut.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    const expected = all.filter(
      (p) => Date.parse(String(p.updated).replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) > cutMs,
    );
    const encoded = await list(`?diff=${encodeURIComponent(cut)}&per_page=1000`);
    expect(Number(encoded.total)).toBe(expected.length);
    expect(rows(encoded.body).map((p) => p.id)).toEqual(expected.map((p) => p.id));
    const raw = await list(`?diff=${cut}&per_page=1000`);
    expect(raw.total).toBe(encoded.total);
    expect((await list('?diff=yesterday')).res.status).toBe(400);
  });

  it('sorts by several fields, "+" as %2B or as a raw plus', async () => {
    const { body } = await list('?sort=%2Bcompany,-id&per_page=1000');
    const got = rows(body);
    for (let i = 1; i < got.length; i++) {
      const [prev, cur] = [got[i - 1], got[i]];
      const a = String(prev?.company).toLowerCase();
      const b = String(cur?.company).toLowerCase();
      expect(a <= b).toBe(true);
      if (a === b) expect(Number(prev?.id)).toBeGreaterThan(Number(cur?.id));
    }
    const raw = await list('?sort=+company,-id&per_page=1000');
    expect(rows(raw.body).map((p) => p.id)).toEqual(got.map((p) => p.id));
    const desc = await list('?sort=-id&per_page=3');
    expect(rows(desc.body).map((p) => p.id)).toEqual(sortedIds().reverse().slice(0, 3));
  });

  it('adds interest and activity fields only under those filters', async () => {
    const interested = await list('?interested=INTERESTED&per_page=1000');
    expect(interested.res.status).toBe(200);
    const got = rows(interested.body);
    expect(got.length).toBeGreaterThan(0);
    expect(
      got.every((p) => p.interested === 'INTERESTED' && typeof p.campaign_id === 'number'),
    ).toBe(true);
    expect(Number(interested.total)).toBe(got.length);

    const opened = rows((await list('?activity=OPENED&sort=-last_opened')).body);
    expect(opened.every((p) => typeof p.sent_mails === 'number' && p.last_open !== '')).toBe(true);
    expect((await list('?activity=SOMETIMES')).res.status).toBe(400);
  });

  it('answers the documented empty message when nothing matches', async () => {
    const { res, total, body } = await list('?id=1');
    expect(res.status).toBe(200);
    expect(total).toBe('0');
    expect(body).toEqual({ message: 'There are no prospects matching the given criteria.' });
  });
});
