import { describe, expect, it } from 'vitest';
import { formatDiff, listQueryString } from '../../../../src/main/api/woodpecker-v1/list-query';

describe('listQueryString', () => {
  it('encodes filters as the vendor expects, + as %2B', () => {
    expect(
      listQueryString({
        page: 2,
        per_page: 1000,
        sort: '+company,-last_contacted',
        status: 'REPLIED',
        contacted: true,
        diff: new Date(Date.UTC(2025, 0, 15, 0, 0, 0)),
      }),
    ).toBe(
      '?page=2&per_page=1000&sort=%2Bcompany%2C-last_contacted&status=REPLIED&contacted=true&diff=2025-01-15T00%3A00%3A00%2B0000',
    );
    expect(listQueryString({})).toBe('');
  });

  it('formats diff dates in UTC and passes strings through', () => {
    expect(formatDiff(new Date('2025-01-15T02:00:00+02:00'))).toBe('2025-01-15T00:00:00+0000');
    expect(formatDiff('2025-01-15T00:00:00+0200')).toBe('2025-01-15T00:00:00+0200');
  });

  it('refuses pages and page sizes outside the documented range', () => {
    expect(() => listQueryString({ per_page: 1001 })).toThrow(/per_page/);
    expect(() => listQueryString({ page: 0 })).toThrow(/Page/);
  });
});
