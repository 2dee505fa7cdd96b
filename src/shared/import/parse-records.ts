/**
 * Bytes → records, streaming: the core of spreadsheet import. Runs the same
 * in the renderer's import worker and in Node (CLI `check`, tests, bench).
 *
 * Pipeline (docs/decisions/004-import-pipeline.md): read a prefix → refuse
 * non-text files → detect the encoding → ONE streaming TextDecoder over the
 * whole file → sniff delimiter / line ending / header row → papaparse on
 * the decoded text, piece by piece (record-stream.ts) → batches of
 * `string[]` records with their source lines. Anything given in the options
 * is used as is (our own files are always re-read with explicit settings).
 *
 * `parseRecords` resolves once the header is known, so the first rows can be
 * shown while the rest is still loading; every failure is an `ImportError`.
 */
import { ChunkReader, byteChunks, chunksOf } from './byte-sources';
import type { ByteSource } from './byte-sources';
import { bomOf, detectEncoding } from './detect-encoding';
import type { EncodingDetection, TextEncodingName } from './detect-encoding';
import { checkDecodedStart, checkFileStart } from './file-checks';
import { ImportError, importError } from './import-error';
import type { ParseProblem, ParseProblemCode } from './parse-problem';
import { RecordParser } from './record-parser';
import type { RecordBatch } from './record-parser';
import { sniffDialect } from './sniff-dialect';
import type { Delimiter, Dialect, DialectDetection, LineEnding } from './sniff-dialect';
import { PIECE_CHARS, RecordStream } from './record-stream';
import { createStreamDecoder } from './stream-decoder';

export type { RecordBatch };

/** How to read the file; everything is optional and detected when left out. */
export interface ParseOptions {
  /** Skips encoding detection (a user override, or one of our own files). */
  encoding?: TextEncodingName;
  /** The parts given are not sniffed; give all three for our own files. */
  dialect?: Partial<Pick<Dialect, 'delimiter' | 'lineEnding' | 'headerRow'>>;
  /** Cancels promptly: reading stops and everything rejects with code 'cancelled'. */
  signal?: AbortSignal;
  /** After each batch; callers throttle what they show (≤ 10/s is plenty). */
  onProgress?: (progress: ParseProgress) => void;
  /** See `RecordParserOptions.maxRecordChars`. */
  maxRecordChars?: number;
  /** Characters per papaparse call (default `PIECE_CHARS`); tests use tiny pieces. */
  pieceChars?: number;
}

/** Progress for the UI's bar (rows, MB, ETA against the file's size). */
export interface ParseProgress {
  /** Bytes read from the source so far. */
  bytes: number;
  /** Records (after the header) parsed so far. */
  records: number;
}

/** What was used to read the file, detected or given. */
export interface ParseDetection {
  encoding: TextEncodingName;
  bom: boolean;
  delimiter: Delimiter;
  lineEnding: LineEnding;
  headerRow: number;
}

/** Totals so far; final once `done`. */
export interface ParseSummary {
  bytes: number;
  records: number;
  problemCounts: Partial<Record<ParseProblemCode, number>>;
  /** The first problems (up to 1,000); `problemCounts` has the totals. */
  problems: ParseProblem[];
  /** False while batches are still being read. */
  done: boolean;
}

/** A file being read: what was detected, its header, and its records as they come. */
export interface ParsedRecords {
  /** With confidence and reason, for the UI to show and offer overrides. */
  encoding: EncodingDetection;
  dialect: DialectDetection;
  detection: ParseDetection;
  /** Column names: unique, never blank (see header-cells.ts). */
  header: string[];
  /** 1-based source line of the header row. */
  headerLine: number;
  /** The records after the header, in order. Iterate once. */
  batches: AsyncGenerator<RecordBatch, void, undefined>;
  summary(): ParseSummary;
}

/** Bytes looked at to detect the encoding. */
const DETECT_BYTES = 1 << 20;
/** Characters looked at to sniff the dialect. */
const SNIFF_CHARS = 64 << 10;
const KEPT_PROBLEMS = 1000;

/**
 * Starts reading `source` and resolves once the header row has been read;
 * the records follow in `batches`. Rejects with an `ImportError` for files
 * that are not CSV text, an unreadable header, a failing source or a cancel.
 */
export async function parseRecords(
  source: AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): Promise<ParsedRecords> {
  const reader = new ChunkReader(source, options.signal);
  try {
    return await open(reader, options);
  } catch (error) {
    reader.close();
    throw asImportError(error);
  }
}

/** `parseRecords` over a browser `File`/`Blob`, `File.stream()` or a Node stream. */
export function parseFileLike(
  source: ByteSource,
  options: ParseOptions = {},
): Promise<ParsedRecords> {
  return parseRecords(byteChunks(source), options);
}

/** Everything `parseBytes` read, records and problems in file order. */
export interface ParseBytesResult {
  encoding: EncodingDetection;
  dialect: DialectDetection;
  detection: ParseDetection;
  header: string[];
  headerLine: number;
  records: string[][];
  lines: number[];
  problems: ParseProblem[];
}

/** Everything at once, for small inputs and tests. `chunkBytes` splits the input. */
export async function parseBytes(
  bytes: Uint8Array,
  options: ParseOptions & { chunkBytes?: number } = {},
): Promise<ParseBytesResult> {
  const parsed = await parseRecords(chunksOf(bytes, options.chunkBytes ?? 4 << 20), options);
  const result: ParseBytesResult = {
    encoding: parsed.encoding,
    dialect: parsed.dialect,
    detection: parsed.detection,
    header: parsed.header,
    headerLine: parsed.headerLine,
    records: [],
    lines: [],
    problems: [],
  };
  for await (const batch of parsed.batches) appendBatch(result, batch);
  return result;
}

async function open(reader: ChunkReader, options: ParseOptions): Promise<ParsedRecords> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < DETECT_BYTES) {
    const chunk = await reader.next();
    if (!chunk) {
      ended = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  const prefix = concat(chunks, size);
  const head = prefix.subarray(0, DETECT_BYTES);
  const headIsAll = ended && prefix.length <= DETECT_BYTES;
  const bomLength = bomOf(head)?.bomLength ?? 0;
  const encoding: EncodingDetection = options.encoding
    ? {
        encoding: options.encoding,
        bom: bomLength > 0,
        bomLength,
        confidence: 1,
        reason: 'explicit',
      }
    : detectEncoding(head, headIsAll);
  checkFileStart(head, bomLength, headIsAll);

  const decoder = createStreamDecoder(encoding.encoding);
  const body = prefix.subarray(bomLength);
  let text = decoder.decode(body);
  if (ended) text += decoder.flush();
  checkDecodedStart(text, ended);

  const sample = text.slice(0, SNIFF_CHARS);
  const dialect = sniffDialect(sample, {
    complete: ended && sample.length === text.length,
    ...options.dialect,
  });
  const parser = new RecordParser({
    dialect,
    ...(options.maxRecordChars !== undefined && { maxRecordChars: options.maxRecordChars }),
  });
  const stream = new RecordStream(reader, decoder, parser, options.pieceChars ?? PIECE_CHARS);
  stream.addDecoded(text, body, true, ended);
  // Resolve once the header is known: the caller can map columns and show
  // the first rows while the rest loads.
  const first: RecordBatch = { records: [], lines: [], problems: [] };
  while (parser.header === null) {
    const batch = await stream.next();
    if (!batch) break;
    appendBatch(first, batch);
  }
  const header = parser.header;
  if (header === null) throw importError('empty');

  const summary: ParseSummary = {
    bytes: reader.bytes,
    records: 0,
    problemCounts: {},
    problems: [],
    done: false,
  };
  return {
    encoding,
    dialect,
    detection: {
      encoding: encoding.encoding,
      bom: encoding.bom,
      delimiter: dialect.delimiter,
      lineEnding: dialect.lineEnding,
      headerRow: dialect.headerRow,
    },
    header,
    headerLine: parser.headerLine,
    batches: readBatches(reader, stream, first, summary, options.onProgress),
    summary: () => ({
      ...summary,
      problemCounts: { ...summary.problemCounts },
      problems: [...summary.problems],
    }),
  };
}

async function* readBatches(
  reader: ChunkReader,
  stream: RecordStream,
  first: RecordBatch,
  summary: ParseSummary,
  onProgress: ParseOptions['onProgress'],
): AsyncGenerator<RecordBatch, void, undefined> {
  const deliver = (batch: RecordBatch): boolean => {
    summary.bytes = reader.bytes;
    summary.records += batch.records.length;
    for (const problem of batch.problems) {
      summary.problemCounts[problem.code] = (summary.problemCounts[problem.code] ?? 0) + 1;
      if (summary.problems.length < KEPT_PROBLEMS) summary.problems.push(problem);
    }
    onProgress?.({ bytes: reader.bytes, records: summary.records });
    return batch.records.length > 0 || batch.problems.length > 0;
  };
  try {
    if (deliver(first)) yield first;
    for (;;) {
      const batch = await stream.next();
      if (!batch) break;
      if (deliver(batch)) yield batch;
    }
    summary.done = true;
  } catch (error) {
    throw asImportError(error);
  } finally {
    reader.close();
  }
}

function appendBatch(
  into: Pick<RecordBatch, 'records' | 'lines' | 'problems'>,
  from: RecordBatch,
): void {
  for (const record of from.records) into.records.push(record);
  for (const line of from.lines) into.lines.push(line);
  for (const problem of from.problems) into.problems.push(problem);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

/** Everything that escapes is an ImportError; anything else is a bug, wrapped with its cause. */
function asImportError(error: unknown): ImportError {
  if (error instanceof ImportError) return error;
  return importError('internal', undefined, { cause: error });
}
