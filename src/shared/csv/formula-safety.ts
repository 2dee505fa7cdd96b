/**
 * Spreadsheet formula injection guard for CSV we write (OWASP "CSV Injection").
 *
 * A cell whose first non-blank character is `=`, `+`, `-`, `@`, a tab, CR or
 * LF — or their full-width forms `＝＋－＠` — is prefixed with `'` so Excel,
 * LibreOffice and Sheets show it as text. Two deliberate choices:
 * - Phone numbers such as `+1 415-555-0100` (`+`, then only digits, spaces, `().-`)
 *   stay intact: they call no function, and rewriting 60% of a prospect file's
 *   phones (performance-facts.md) would corrupt the data users re-import.
 * - Multi-line cells are checked on their first character like any other
 *   (papaparse's `escapeFormulae` lets some through).
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠']);
// `+`, then only digits, spaces and `().-`, with at least 6 digits: a phone number.
const PHONE_LIKE = /^\+(?=(?:\D*\d){6})[\d\s().-]+$/;

export function neutraliseFormula(value: string): string {
  const first = firstSignificantChar(value);
  if (first === undefined || !TRIGGERS.has(first)) return value;
  if (PHONE_LIKE.test(value.trim())) return value;
  return `'${value}`;
}

function firstSignificantChar(value: string): string | undefined {
  for (const char of value) {
    if (char !== ' ' && char !== '\u00a0') return char;
  }
  return undefined;
}
