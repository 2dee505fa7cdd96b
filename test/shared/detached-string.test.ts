import { describe, expect, it } from 'vitest';
import { detached } from '../../src/shared/detached-string';

describe('detached', () => {
  it('returns an equal string, short or long, ASCII or not', () => {
    for (const value of ['', 'a@b.co', 'someone.1@example.com', 'Zoë Łukasz déjà vu résumé 😀']) {
      expect(detached(value)).toBe(value);
    }
  });
});
