import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../src/main/api/http/retry-after';

const NOW = Date.UTC(2025, 2, 5, 17, 57, 0);

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('2', NOW)).toBe(NOW + 2000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(NOW);
  });

  it('reads an HTTP-date, never earlier than now', () => {
    expect(parseRetryAfter('Wed, 05 Mar 2025 17:57:30 GMT', NOW)).toBe(NOW + 30_000);
    expect(parseRetryAfter('Wed, 05 Mar 2025 17:00:00 GMT', NOW)).toBe(NOW);
  });

  it('ignores absent or meaningless values', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5']) {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    }
  });
});
