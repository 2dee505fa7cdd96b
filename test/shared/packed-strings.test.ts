import { describe, expect, it } from 'vitest';
import { PackedStrings } from '../../src/shared/packed-strings';

describe('PackedStrings', () => {
  it('gives back every string exactly, across blocks, including empty and non-ASCII ones', () => {
    const packed = new PackedStrings();
    const values = ['', 'ann@acme.com', 'Zoë Łukasz 😀', '\u0000nul', 'x'.repeat(3 << 20)];
    for (let i = 0; i < 2000; i++) values.push(`row ${i} café`);
    values.forEach((v, i) => expect(packed.push(v)).toBe(i));
    expect(packed.length).toBe(values.length);
    values.forEach((v, i) => expect(packed.get(i)).toBe(v));
  });

  it('refuses an index it does not hold', () => {
    const packed = new PackedStrings();
    packed.push('a');
    expect(() => packed.get(1)).toThrow(RangeError);
    expect(() => packed.get(-1)).toThrow(RangeError);
  });
});
