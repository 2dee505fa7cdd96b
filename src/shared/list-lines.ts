/**
 * Source line numbers of a saved list's rows, kept compactly in its meta.
 *
 * A record usually starts on the line after the previous one; a quoted cell
 * with line breaks (or a skipped blank line) shifts every later row. Only
 * those shifts are stored, as flat pairs [rowIndex, line, rowIndex, line, …],
 * so a file without multi-line cells stores nothing and a restored list still
 * reports the file's own line numbers (errors, duplicates, update results).
 */

/** The pairs for `lines` (line of row i at lines[i]), given the header row (0-based). */
export function encodeLineShifts(lines: ArrayLike<number>, headerRow: number): number[] {
  const shifts: number[] = [];
  let expected = headerRow + 2;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line !== expected) shifts.push(i, line);
    expected = line + 1;
  }
  return shifts;
}

/** Every row's line from the pairs (rows before the first shift follow the header). */
export function decodeLineShifts(
  shifts: readonly number[] | undefined,
  rows: number,
  headerRow: number,
): Uint32Array {
  const lines = new Uint32Array(rows);
  let next = 0;
  let line = headerRow + 2;
  for (let i = 0; i < rows; i++) {
    if (shifts && next < shifts.length && shifts[next] === i) {
      line = shifts[next + 1]!;
      next += 2;
    }
    lines[i] = line++;
  }
  return lines;
}
