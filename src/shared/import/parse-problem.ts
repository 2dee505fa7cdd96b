/**
 * Problems that leave a file readable, reported next to its rows: the row is
 * kept (padded, cut, cleaned) or, for a quote that never closes, only its own
 * line is left out. Line numbers are 1-based source lines, as a text editor
 * shows them; messages are shown to the user as they are.
 */
import type { HeaderNames } from './header-cells';

export type ParseProblemCode =
  /** More or fewer cells than the header: padded with empty cells or cut. */
  | 'ragged'
  /** A quote never closes: that line was left out, reading resumed after it. */
  | 'unclosed-quote'
  /** Text after a closing quote (`"Bob" Smith`): read the way Excel does. */
  | 'malformed-quote'
  /** NUL bytes were removed from the line. */
  | 'nul-byte'
  /** Bytes not valid in the file's encoding (shown as U+FFFD). */
  | 'invalid-bytes'
  | 'blank-header'
  | 'duplicate-header';

export interface ParseProblem {
  code: ParseProblemCode;
  /** 1-based source line. */
  line: number;
  message: string;
}

/** The problem builders below keep the messages in one place. */
export function raggedProblem(line: number, cells: number, width: number): ParseProblem {
  const fix =
    cells < width
      ? 'the missing cells were left empty'
      : `the cells after column ${width} were left out`;
  return {
    code: 'ragged',
    line,
    message: `Line ${line} has ${cells} cells but the header has ${width}; ${fix}.`,
  };
}

export function unclosedQuoteProblem(line: number): ParseProblem {
  return {
    code: 'unclosed-quote',
    line,
    message: `Line ${line}: a quote (") opens a cell and never closes. That row was left out and reading went on with the next line; fix the quote and import again to keep it.`,
  };
}

export function malformedQuoteProblem(line: number): ParseProblem {
  return {
    code: 'malformed-quote',
    line,
    message: `Line ${line}: a quoted cell has text after its closing quote (like "Bob" Smith). It was read the way Excel reads it; check that row.`,
  };
}

export function nulProblem(line: number): ParseProblem {
  return {
    code: 'nul-byte',
    line,
    message: `Line ${line} contained NUL bytes; they were removed.`,
  };
}

export function invalidBytesProblem(line: number): ParseProblem {
  return {
    code: 'invalid-bytes',
    line,
    message: `Line ${line} has bytes that are not valid UTF-8 (shown as �). If accented letters look wrong, import again choosing the Windows-1252 encoding.`,
  };
}

/** One problem per kind of header fix-up. */
export function headerProblems(line: number, named: HeaderNames): ParseProblem[] {
  const problems: ParseProblem[] = [];
  if (named.blank.length > 0) {
    const many = named.blank.length > 1;
    const columns = named.blank.join(', ');
    const called = named.blank.map((c) => `"${named.names[c - 1]}"`).join(', ');
    problems.push({
      code: 'blank-header',
      line,
      message: `The header row (line ${line}) has no name for ${many ? 'columns' : 'column'} ${columns}; ${many ? 'they are' : 'it is'} called ${called}.`,
    });
  }
  if (named.duplicates.length > 0) {
    const renamed = named.duplicates.map((d) => `"${d.name}" → "${d.renamedTo}"`).join(', ');
    problems.push({
      code: 'duplicate-header',
      line,
      message: `The header row (line ${line}) repeats column names; the repeats were renamed: ${renamed}.`,
    });
  }
  return problems;
}
