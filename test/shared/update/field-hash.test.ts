import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProspectField } from '../../../src/shared/import/prospect-fields';
import { sameValue } from '../../../src/shared/update/diff-row';
import {
  bitCount,
  canonicalValue,
  EMPTY_HASH,
  writeFieldHash,
} from '../../../src/shared/update/field-hash';

function hashOf(field: ProspectField, value: string): [number, number] {
  const out = new Uint32Array(2);
  writeFieldHash(field, value, out, 0);
  return [out[0]!, out[1]!];
}

// Few pieces, so equal-once-compared values (spacing, line-break spellings,
// case of a status) come up often, not just identical strings.
const piece = fc.constantFrom(
  'a',
  'A',
  'é',
  ' ',
  '\t',
  '\u00a0',
  '\n',
  '\r\n',
  '\r',
  '<br>',
  '<br/>',
  '<BR />',
  'active',
  'ACTIVE',
);
const value = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(''));
const field = fc.constantFrom<ProspectField>(
  'first_name',
  'status',
  'snippet1',
  'snippet15',
  'tags',
);

describe('field fingerprints', () => {
  it('are equal exactly when the diff calls two values the same', () => {
    fc.assert(
      fc.property(field, value, value, (f, a, b) => {
        const same = hashOf(f, a).join() === hashOf(f, b).join();
        expect(same).toBe(sameValue(f, a, b));
      }),
      { numRuns: 5000 },
    );
  });

  it('are never (0, 0), which lists keep for a blank cell', () => {
    fc.assert(
      fc.property(field, fc.string(), (f, v) => {
        expect(hashOf(f, v)).not.toEqual([0, 0]);
      }),
      { numRuns: 2000 },
    );
  });

  it("give a value that compares as '' the fingerprint of ''", () => {
    expect(canonicalValue('snippet3', ' <br/> \r\n')).toBe('');
    expect(hashOf('snippet3', ' <br/> \r\n')).toEqual([...EMPTY_HASH]);
    expect(hashOf('city', '  ')).toEqual([...EMPTY_HASH]);
    expect(hashOf('city', 'Paris')).not.toEqual([...EMPTY_HASH]);
  });

  it('tell apart values that differ by one character anywhere', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(hashOf('snippet1', `Hi there ${i}`).join());
    seen.add(hashOf('snippet1', 'Hi there').join());
    expect(seen.size).toBe(20_001);
  });

  it('count set bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (mask) => {
        const expected = mask.toString(2).replace(/0/g, '').length;
        expect(bitCount(mask)).toBe(expected);
      }),
    );
  });
});
