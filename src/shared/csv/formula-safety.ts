/**
 * Spreadsheet formula injection guard for CSV we write (OWASP "CSV Injection"),
 * and its exact inverse for CSV we read: docs/decisions/003-formula-safe-csv.md.
 *
 * A cell is *formula-like* when its first character that is not a blank
 * (space, NBSP, the other Unicode spaces, bidi marks: `isBlank`) is a trigger:
 * - OWASP's `=` `+` `-` `@` TAB CR LF;
 * - VT and FF, the other ASCII line-ish controls;
 * - look-alikes of the four signs: full-width `＝＋－＠`, small `﹦﹢﹣`, and
 *   the minus sign `−` (U+2212);
 * - a character nobody sees: the ideographic space (U+3000), the zero-width
 *   space, non-joiner and joiner (U+200B–U+200D), the word joiner (U+2060)
 *   and the BOM (U+FEFF). They are triggers themselves, so what follows them
 *   does not matter.
 * Exception: `+`, then only digits, spaces and `().-`, with at least six
 * digits (`+1 415-555-0100`) is a phone number, not a formula: rewriting 60%
 * of a prospect file's phones (performance-facts.md) would corrupt the data
 * users re-import elsewhere.
 *
 * The guard is one `'` in front, which spreadsheets take as "text". A value
 * that already starts with `'` before something formula-like (`'=x`, `''-1`)
 * gets one more, so the import can tell our guard from the user's apostrophe:
 * `unguardFormula` removes one leading `'` exactly when what follows needs
 * the guard. `'Tis` and `'90s` are never touched. For every string v,
 * `unguardFormula(neutraliseFormula(v)) === v`.
 */

const APOSTROPHE = 0x27;

/** Characters that make a cell formula-like when they come first (after blanks). */
const TRIGGERS: ReadonlySet<number> = new Set([
  0x3d, // =
  0x2b, // +
  0x2d, // -
  0x40, // @
  0x09, // TAB
  0x0a, // LF
  0x0b, // VT
  0x0c, // FF
  0x0d, // CR
  0xff1d, // ＝ full-width equals
  0xff0b, // ＋ full-width plus
  0xff0d, // － full-width hyphen-minus
  0xff20, // ＠ full-width at
  0xfe66, // ﹦ small equals
  0xfe62, // ﹢ small plus
  0xfe63, // ﹣ small hyphen-minus
  0x2212, // − minus sign
  0x3000, // ideographic space
  0x200b, // zero-width space
  0x200c, // zero-width non-joiner
  0x200d, // zero-width joiner
  0x2060, // word joiner
  0xfeff, // BOM / zero-width no-break space
]);

/**
 * Skipped when looking for the first character: Unicode's other spaces and
 * the bidi marks. A spreadsheet that trims them (LibreOffice's "Trim spaces"
 * evaluates ` =1+2`) would see the trigger after them.
 */
function isBlank(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x85 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x200e ||
    c === 0x200f ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202f) ||
    c === 0x205f ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

// `+`, then only digits, spaces and `().-`, with at least 6 digits: a phone number.
const PHONE_LIKE = /^\+(?=(?:\D*\d){6})[\d\s().-]+$/;

/** True when `value` (from index `from`) starts, after blanks, with a trigger. */
function isFormulaLike(value: string, from: number): boolean {
  let i = from;
  while (i < value.length && isBlank(value.charCodeAt(i))) i++;
  if (i === value.length) return false;
  const first = value.charCodeAt(i);
  if (!TRIGGERS.has(first)) return false;
  return !(first === 0x2b && PHONE_LIKE.test(i === 0 ? value : value.slice(i)));
}

/**
 * True when `value` is written with a guard: it is formula-like, or is
 * apostrophes followed by something formula-like (so the guard the import
 * removes can never be one the user typed).
 */
export function needsFormulaGuard(value: string): boolean {
  let i = 0;
  while (value.charCodeAt(i) === APOSTROPHE) i++;
  return isFormulaLike(value, i);
}

/** The cell as we write it: `'` in front when it needs the guard. */
export function neutraliseFormula(value: string): string {
  return needsFormulaGuard(value) ? `'${value}` : value;
}

/**
 * The inverse, for every cell the import reads: one leading `'` is removed
 * when what follows needs the guard (so it was ours, or a quote prefix as
 * Excel uses it); any other apostrophe is the user's and stays.
 */
export function unguardFormula(cell: string): string {
  if (cell.charCodeAt(0) !== APOSTROPHE) return cell;
  return needsFormulaGuard(cell.slice(1)) ? cell.slice(1) : cell;
}
