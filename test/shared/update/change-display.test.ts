import { describe, expect, it } from 'vitest';
import { displayValue } from '../../../src/shared/update/change-display';

describe('displayValue', () => {
  it.each([
    ['snippet1', 'Hi,<br/><br />there', ['Hi,', '', 'there']],
    ['snippet1', 'a\r\nb\nc', ['a', 'b', 'c']],
    ['snippet1', ' lead and trail  ', ['·lead and trail··']],
    ['snippet1', 'tab\there\u00a0nbsp', ['tab→here⍽nbsp']],
    ['snippet1', '   ', ['···']],
    ['company', 'A<br/>B', ['A<br/>B']],
  ] as const)('%s %j → %j', (field, value, lines) => {
    expect(displayValue(field, value)).toEqual({ lines, hiddenChars: 0, empty: false });
  });

  it('cuts long values and says how much is hidden', () => {
    const result = displayValue('snippet2', 'x'.repeat(1200), 500);
    expect(result.lines).toEqual(['x'.repeat(500)]);
    expect(result.hiddenChars).toBe(700);
  });

  it('marks an empty value', () => {
    expect(displayValue('snippet1', '')).toEqual({ lines: [], hiddenChars: 0, empty: true });
  });
});
