/**
 * The one error an import throws when a file cannot be read as a spreadsheet
 * at all, or when the user cancels.
 *
 * Problems that leave the file readable (a ragged row, a stray quote, NUL
 * bytes) are not errors: they are `ParseProblem`s reported next to the rows,
 * and the good rows are kept. Messages say what to do next, because the UI
 * shows them as they are.
 */
export type ImportErrorCode =
  /** No bytes, only a byte order mark, or only blank lines. */
  | 'empty'
  /** A ZIP container: an Excel .xlsx workbook (or Numbers, .docx, .zip…). */
  | 'xlsx'
  /** A legacy Excel .xls workbook (OLE2 compound file). */
  | 'xls'
  | 'pdf'
  /** A web page: some tools save HTML tables under a .xls or .csv name. */
  | 'html'
  /** Any other file that is not text. */
  | 'binary'
  /** A quote opened at or before the header row never closes. */
  | 'unclosed-quote'
  /** The chosen header row is past the end of the file. */
  | 'no-header'
  /** One line is longer than any real spreadsheet row: not a CSV file. */
  | 'record-too-long'
  /** The source stream failed (disk error, file removed while reading). */
  | 'read-failed'
  | 'cancelled'
  /** A bug in this code; the cause is attached. */
  | 'internal';

/** Thrown (or rejected with) by every stage of the byte → records core. */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    readonly code: ImportErrorCode,
    message: string,
    /** 1-based source line the error is about, when there is one. */
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const SAVE_AS_CSV = 'choose File › Save As › CSV UTF-8 (Comma delimited), then import that file.';

/** The standard, user-facing message for each code. */
function defaultMessage(code: ImportErrorCode, line: number | undefined): string {
  const at = line === undefined ? '' : `Line ${line}: `;
  switch (code) {
    case 'empty':
      return 'The file is empty: it has no header row and no data. Check that you picked the right file.';
    case 'xlsx':
      return `This is an Excel workbook (.xlsx), not a CSV file. In Excel ${SAVE_AS_CSV}`;
    case 'xls':
      return `This is an old-format Excel workbook (.xls), not a CSV file. In Excel ${SAVE_AS_CSV}`;
    case 'pdf':
      return 'This is a PDF document, not a spreadsheet. Export the data as CSV from the program that made it, then import that file.';
    case 'html':
      return `This file is a web page (HTML), whatever its name says. Open it in Excel and ${SAVE_AS_CSV}`;
    case 'binary':
      return 'This file is not text, so it is not a CSV file. Export your spreadsheet as CSV (UTF-8) and import that file.';
    case 'unclosed-quote':
      return `${at}a quote (") opens a cell and never closes, so the header row cannot be read. Fix that quote in a text editor, then import again.`;
    case 'no-header':
      return 'The file ends before the header row you chose. Pick an earlier header row.';
    case 'record-too-long':
      return `${at}this line is longer than any spreadsheet row, so the file is not a CSV export. Export your spreadsheet as CSV (UTF-8) and import that file.`;
    case 'read-failed':
      return 'The file could not be read. Check that it still exists and that you can open it, then try again.';
    case 'cancelled':
      return 'The import was cancelled.';
    case 'internal':
      return 'Something went wrong while reading this file (a bug in Prospect Desk). Please report it, with the file if you can.';
  }
}

/** An `ImportError` with the standard message for its code. */
export function importError(
  code: ImportErrorCode,
  line?: number,
  options?: { cause?: unknown },
): ImportError {
  return new ImportError(code, defaultMessage(code, line), line, options);
}

/** The error for an aborted `AbortSignal`. */
export function cancelledError(): ImportError {
  return importError('cancelled');
}
