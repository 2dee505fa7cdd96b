/**
 * Bytes → records, streaming: one TextDecoder over the whole byte stream
 * (papaparse decoding chunks on its own corrupts characters split across
 * chunks: performance-facts.md), decoded text coalesced into ~1 MiB pieces
 * (small chunks double the cost), and papaparse's low-level Parser with the
 * explicit delimiter and newline — never fast mode on quoted text.
 *
 * Row problems (ragged rows, an unclosed quote, NUL bytes) are reported with
 * their source line and the good rows kept; only a file that is not a
 * spreadsheet at all fails (ImportError).
 */
import Papa from 'papaparse';
import { ImportError } from './import-error';
import { fixWindows1252 } from './windows-1252';
import type { FileProblem, ImportDetection, ImportOverrides } from './session-types';
import {
  checkFileKind,
  detectEncoding,
  detectLineEnding,
  sampleRecords,
  sniffDialect,
} from './source-sniff';

export interface RecordBatch {
  records: string[][];
  /** 1-based source line where each record starts. */
  lines: number[];
}

export interface ParsedSource {
  detection: ImportDetection;
  header: string[];
  /** Data records (after the header), in source order. */
  batches: AsyncIterable<RecordBatch>;
  /** Problems found since the last call. */
  takeProblems(): FileProblem[];
}

export interface ParseSourceOptions {
  overrides?: ImportOverrides;
  signal?: AbortSignal;
  /** Bytes consumed so far (for progress). */
  onBytes?: (bytes: number) => void;
}

const SNIFF_BYTES = 64 * 1024;
const TEXT_CHUNK_CHARS = 1 << 20;
/** A record this long is a runaway quote, not data: recover instead of buffering the file. */
const MAX_RECORD_CHARS = 32 << 20;
const NO_QUOTE = '\u0001';

export async function parseSource(
  source: AsyncIterable<Uint8Array>,
  options: ParseSourceOptions = {},
): Promise<ParsedSource> {
  const overrides = options.overrides ?? {};
  const iterator = source[Symbol.asyncIterator]();
  let bytesRead = 0;
  const readChunk = async (): Promise<Uint8Array | null> => {
    if (options.signal?.aborted) throw new ImportError('cancelled', 'Import cancelled.');
    const next = await iterator.next();
    if (next.done) return null;
    bytesRead += next.value.byteLength;
    options.onBytes?.(bytesRead);
    return next.value;
  };

  // Sniff on the first 64 KiB.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const chunk = await readChunk();
    if (!chunk) {
      ended = true;
      break;
    }
    head.push(chunk);
    headBytes += chunk.byteLength;
  }
  const prefix = concat(head);
  const detected = detectEncoding(prefix, ended);
  const encoding = overrides.encoding ?? detected.encoding;
  checkFileKind(prefix, encoding);

  const problems: FileProblem[] = [];
  const decoder = new TextDecoder(encoding);
  let line = 1;
  const repair = encoding === 'windows-1252' ? fixWindows1252 : (text: string) => text;
  const stripNul = (decoded: string): string => {
    const text = repair(decoded);
    if (!text.includes('\u0000')) return text;
    problems.push({
      code: 'nul-byte',
      message:
        'NUL bytes were removed (the file may have been saved as UTF-16 without a marker; try the encoding override).',
      line,
    });
    return text.replaceAll('\u0000', '');
  };

  let sampleText = stripNul(decoder.decode(prefix, { stream: !ended }));
  let heldCr = '';
  if (!ended && sampleText.endsWith('\r')) {
    heldCr = '\r';
    sampleText = sampleText.slice(0, -1);
  }
  const lineEnding = detectLineEnding(sampleText);
  // Mixed line endings are normalised to LF (papaparse takes one newline).
  const newline = lineEnding === 'mixed' ? '\n' : lineEnding;
  const normalise =
    lineEnding === 'mixed' ? (t: string) => t.replace(/\r\n?/g, '\n') : (t: string) => t;
  const sample = normalise(sampleText);
  const { delimiter, headerRow } = sniffDialect(
    (d) => sampleRecords(sample, d, newline, ended),
    overrides,
  );
  const detection: ImportDetection = {
    encoding,
    bom: detected.bom,
    delimiter,
    lineEnding,
    headerRow,
  };

  // Decoded text, coalesced, with a trailing CR held back so a CRLF split
  // across chunks is not seen as two line breaks.
  async function* texts(): AsyncGenerator<string> {
    let pending = sample;
    const flush = function* (final: boolean) {
      if (pending.length >= TEXT_CHUNK_CHARS || (final && pending !== '')) {
        yield pending;
        pending = '';
      }
    };
    yield* flush(ended);
    while (!ended) {
      const chunk = await readChunk();
      let text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      if (!chunk) ended = true;
      text = heldCr + stripNul(text);
      heldCr = '';
      if (!ended && text.endsWith('\r')) {
        heldCr = '\r';
        text = text.slice(0, -1);
      }
      pending += normalise(text);
      yield* flush(ended);
    }
  }

  let recordIndex = 0;
  let header: string[] | null = null;
  let width = 0;
  let partial = '';
  const parse = (text: string, quoteChar: string, final: boolean): RecordBatch => {
    const parser = new Papa.Parser({ delimiter, newline, quoteChar });
    const result = parser.parse(text, 0, !final);
    partial = final ? '' : text.slice(result.meta.cursor);
    const batch: RecordBatch = { records: [], lines: [] };
    for (const record of result.data as string[][]) {
      const start = line;
      line += 1 + breaksIn(record);
      const index = recordIndex++;
      if (record.length === 1 && record[0] === '') continue; // blank line
      if (index < detection.headerRow) continue; // preamble (e.g. LinkedIn's "Notes:")
      if (!header) {
        header = uniqueHeaders(record);
        width = header.length;
        continue;
      }
      if (record.length !== width) {
        problems.push({
          code: 'ragged',
          message:
            record.length > width
              ? `${record.length} cells where the header has ${width}: the extra cells are not imported`
              : `${record.length} cells where the header has ${width}: the missing ones are empty`,
          line: start,
        });
      }
      batch.records.push(record);
      batch.lines.push(start);
    }
    return batch;
  };

  /** The end of the file, or a runaway record: an unclosed quote is reported, its lines kept as plain text. */
  const finishPartial = (rest: string): RecordBatch => {
    const check = new Papa.Parser({ delimiter, newline, quoteChar: '"' }).parse(rest, 0, false);
    const unclosed = check.errors.some((e: { code: string }) => e.code === 'MissingQuotes');
    if (!unclosed) return parse(rest, '"', true);
    problems.push({
      code: 'unclosed-quote',
      message:
        'A quote opened here is never closed: the lines from here on were read without quoting. Check this row.',
      line,
    });
    return parse(rest, NO_QUOTE, true);
  };

  const textIterator = texts();
  const nextBatch = async (): Promise<RecordBatch | null> => {
    const next = await textIterator.next();
    if (next.done) {
      if (partial === '') return null;
      const rest = partial;
      partial = '';
      return finishPartial(rest);
    }
    const batch = parse(partial + next.value, '"', false);
    if (partial.length > MAX_RECORD_CHARS) {
      const runaway = partial;
      partial = '';
      const recovered = finishPartial(runaway);
      batch.records.push(...recovered.records);
      batch.lines.push(...recovered.lines);
    }
    return batch;
  };

  // Parse until the header is known, keeping the first data rows.
  const early: RecordBatch[] = [];
  for (;;) {
    const batch = await nextBatch();
    if (!batch) break;
    early.push(batch);
    if (header) break;
  }
  if (!header)
    throw new ImportError(
      'empty',
      'The file has no header row and no data. Export the list again.',
    );

  async function* batches(): AsyncGenerator<RecordBatch> {
    yield* early;
    for (;;) {
      const batch = await nextBatch();
      if (!batch) return;
      yield batch;
    }
  }

  return {
    detection,
    header,
    batches: batches(),
    takeProblems: () => problems.splice(0, problems.length),
  };
}

/** Line breaks inside a record's cells (a quoted snippet over three lines counts 2). */
function breaksIn(record: string[]): number {
  let breaks = 0;
  for (const cell of record) {
    if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 10) breaks++;
      else if (c === 13) {
        breaks++;
        if (cell.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return breaks;
}

/** Blank headers become "Column N"; repeated ones get " (2)", " (3)". */
function uniqueHeaders(record: string[]): string[] {
  const seen = new Map<string, number>();
  return record.map((raw, i) => {
    const name = raw.replace(/^\ufeff/, '').trim() || `Column ${i + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
