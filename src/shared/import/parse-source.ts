/**
 * The session's view of parse-records.ts: user overrides in, the detected
 * settings, the header, data records in batches and their problems out.
 */
import { parseRecords } from './parse-records';
import type { RecordBatch } from './parse-records';
import type { FileProblem, ImportDetection, ImportOverrides } from './session-types';

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

export async function parseSource(
  source: AsyncIterable<Uint8Array>,
  options: ParseSourceOptions = {},
): Promise<ParsedSource> {
  const overrides = options.overrides ?? {};
  const parsed = await parseRecords(source, {
    ...(overrides.encoding && { encoding: overrides.encoding }),
    dialect: {
      ...(overrides.delimiter && { delimiter: overrides.delimiter }),
      ...(overrides.headerRow !== undefined && { headerRow: overrides.headerRow }),
    },
    ...(options.signal && { signal: options.signal }),
    onProgress: (progress) => options.onBytes?.(progress.bytes),
  });
  const pending: FileProblem[] = [];
  async function* batches(): AsyncGenerator<RecordBatch> {
    for await (const batch of parsed.batches) {
      pending.push(...batch.problems);
      yield batch;
    }
  }
  return {
    detection: parsed.detection,
    header: parsed.header,
    batches: batches(),
    takeProblems: () => pending.splice(0, pending.length),
  };
}
