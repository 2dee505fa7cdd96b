import { ImportError } from '../../shared/import/import-error';
import { parseRecords } from '../../shared/import/parse-records';
import { AppError } from '../app-error';

export interface DeleteTargets {
  kind: 'id' | 'email';
  /** Unique, in file order (emails lower-cased). */
  values: string[];
  /** The column they came from ("(first column)" for a file without a header). */
  column: string;
}

const EMAIL_HEADER = /^(e-?mail( address)?|prospect e-?mail)$/i;
const ID_HEADER = /^(id|prospect[ _]?id)$/i;
const ID = /^\d{1,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const SHOWN_PROBLEMS = 5;
/** Import failures that say nothing about the file's content. */
const NOT_THE_FILES_FAULT = new Set<ImportError['code']>(['internal', 'read-failed', 'cancelled']);

/**
 * Reads the targets of a delete from a CSV/TSV file: a column of prospect ids
 * or of emails (`id`/`email` headers, or a one-column file with or without a
 * header). Any unreadable value refuses the whole file with the rows named:
 * a delete must never run on a guess. A file that is not a CSV at all (a
 * workbook, binary, a 50 MB line) is refused the same way: a validation
 * AppError with the import's own message.
 */
export async function readDeleteTargets(source: AsyncIterable<Uint8Array>): Promise<DeleteTargets> {
  try {
    return await readTargets(source);
  } catch (error) {
    if (error instanceof ImportError && !NOT_THE_FILES_FAULT.has(error.code)) {
      throw new AppError('validation', error.message);
    }
    throw error;
  }
}

async function readTargets(source: AsyncIterable<Uint8Array>): Promise<DeleteTargets> {
  const parsed = await parseRecords(source);
  const { header } = parsed;
  let index = header.findIndex((h) => ID_HEADER.test(h.trim()));
  let kind: DeleteTargets['kind'] = 'id';
  if (index < 0) {
    index = header.findIndex((h) => EMAIL_HEADER.test(h.trim()));
    kind = 'email';
  }
  const values: string[] = [];
  const lines: number[] = [];
  let column = header[index] ?? '';
  if (index < 0) {
    if (header.length !== 1) {
      throw new AppError(
        'validation',
        `Name the targets in a column called "id" or "email" (found: ${header.slice(0, 8).join(', ')}).`,
      );
    }
    // One column without a known header: the "header" is the first target.
    index = 0;
    column = '(first column)';
    values.push(header[0]!.trim());
    lines.push(parsed.headerLine);
    kind = ID.test(header[0]!.trim()) ? 'id' : 'email';
  }
  for await (const batch of parsed.batches) {
    batch.records.forEach((record, i) => {
      const value = (record[index] ?? '').trim();
      if (value === '') return;
      values.push(value);
      lines.push(batch.lines[i]!);
    });
  }
  const problems = parsed.summary().problems;
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `line ${p.line}: ${p.message}`);
    throw new AppError(
      'validation',
      `The file has ${problems.length} problem(s) (${shown.join('; ')}). Fix the file; nothing was read from the account.`,
    );
  }
  const valid = kind === 'id' ? ID : EMAIL;
  const bad = values.flatMap((v, i) => (valid.test(v) ? [] : [`line ${lines[i]}: "${v}"`]));
  if (bad.length > 0) {
    throw new AppError(
      'validation',
      `${bad.length} value(s) are not ${kind === 'id' ? 'prospect ids' : 'emails'} (${bad.slice(0, SHOWN_PROBLEMS).join('; ')}). Fix the file; nothing was read from the account.`,
    );
  }
  if (values.length === 0) throw new AppError('validation', 'The file names no targets.');
  const unique = [...new Set(kind === 'email' ? values.map((v) => v.toLowerCase()) : values)];
  return { kind, values: unique, column };
}
