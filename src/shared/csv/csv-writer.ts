import { neutraliseFormula } from './formula-safety';

export interface CsvWriteOptions {
  delimiter?: string;
  /** Neutralise formula-looking cells (default true). */
  formulaSafe?: boolean;
}

/**
 * Serialises one CSV record (RFC 4180): cells with the delimiter, a quote, CR
 * or LF are quoted and quotes doubled. Lines end with CRLF, which Excel and
 * every parser we target read back exactly.
 */
export function csvRecord(cells: readonly string[], options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const safe = options.formulaSafe ?? true;
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i] ?? '';
    const cell = safe ? neutraliseFormula(raw) : raw;
    if (i > 0) line += delimiter;
    line +=
      cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r')
        ? `"${cell.replaceAll('"', '""')}"`
        : cell;
  }
  return `${line}\r\n`;
}

export const UTF8_BOM = '\ufeff';
