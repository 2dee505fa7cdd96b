/**
 * Source line numbers for records, computed per piece of text without
 * touching every character in JavaScript: `indexOf` loops only.
 *
 * A line ends with LF (LF and CRLF files; mixed files are normalised to LF
 * first) or with CR in CR-only files. A lone CR inside a cell of an LF/CRLF
 * file does not start a line; editors differ on that anyway.
 */

/** The character that ends a line: CR for CR-only files, LF otherwise. */
export type LineBreak = '\n' | '\r';

/** Line breaks in `text[start, end)`. */
export function countLineBreaks(
  text: string,
  lineBreak: LineBreak,
  start = 0,
  end = text.length,
): number {
  let count = 0;
  let i = text.indexOf(lineBreak, start);
  while (i !== -1 && i < end) {
    count++;
    i = text.indexOf(lineBreak, i + 1);
  }
  return count;
}

/**
 * Line breaks (LFs) in `input[0, end)`, and the line after each CRLF. When
 * every CRLF ends a record (their count says so), record k starts after the
 * k-th CRLF and any other LF is inside a cell: Excel writes line breaks in
 * cells as LF and rows as CRLF, so this places every record in one pass.
 */
export function crlfLines(
  input: string,
  end: number,
  firstLine: number,
): { breaks: number; starts: number[] } {
  const starts: number[] = [firstLine];
  let line = firstLine;
  let i = input.indexOf('\n');
  while (i !== -1 && i < end) {
    line++;
    if (input.charCodeAt(i - 1) === 13) starts.push(line);
    i = input.indexOf('\n', i + 1);
  }
  return { breaks: line - firstLine, starts };
}

/** Line breaks inside a record's cells. */
export function breaksInRecord(record: readonly string[], lineBreak: LineBreak): number {
  let breaks = 0;
  for (let i = 0; i < record.length; i++) {
    const cell = record[i]!;
    if (cell.indexOf(lineBreak) !== -1) breaks += countLineBreaks(cell, lineBreak);
  }
  return breaks;
}
