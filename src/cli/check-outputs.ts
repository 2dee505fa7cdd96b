import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDirectory, openDurableWriter } from '../main/store/atomic-write';
import type { DurableWriter } from '../main/store/atomic-write';

/** What the report says about the normalized file written with it. */
export interface NormalizedFileInfo {
  file: string;
  bytes: number;
  sha256: string;
}

/** The points between the steps of `writeCheckOutputs`, where the kill test stops it. */
export type CheckOutputsStep = 'sealed' | 'old-report-removed' | 'normalized-in-place';

/**
 * Writes `check`'s two outputs as a pair: a kill at any moment never leaves a
 * new report beside an old normalized file, nor an old report beside a new one.
 *
 *   1. Both files are written to temp files beside their targets, fsync'd and
 *      closed. A kill up to here leaves both old files (and temp files the
 *      next write in that folder removes: store/temp-files.ts).
 *   2. The old report is removed (the folder fsync'd).
 *   3. The normalized file is renamed into place.
 *   4. The report is renamed into place.
 *
 * So a report, whenever there is one, describes the normalized file beside
 * it — its `normalized` field holds that file's bytes and SHA-256 — and a
 * normalized file without a report is from a check that did not finish
 * (old or new: run it again). Renames are atomic; two files in possibly two
 * folders cannot be swapped at once, so the report's absence is the mark.
 */
export async function writeCheckOutputs(options: {
  out: string;
  report: string;
  normalized: Iterable<string> | AsyncIterable<string>;
  /** The report's text, given what was written to `out`. */
  reportText: (normalized: NormalizedFileInfo) => string;
  checkpoint?: (step: CheckOutputsStep) => void | Promise<void>;
}): Promise<NormalizedFileInfo> {
  const writers: DurableWriter[] = [];
  try {
    const out = await openDurableWriter(options.out);
    writers.push(out);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of options.normalized) {
      const data = Buffer.from(chunk, 'utf8');
      hash.update(data);
      bytes += data.length;
      await out.write(data);
    }
    const info: NormalizedFileInfo = { file: options.out, bytes, sha256: hash.digest('hex') };
    const report = await openDurableWriter(options.report);
    writers.push(report);
    await report.write(options.reportText(info));
    await out.seal();
    await report.seal();
    await options.checkpoint?.('sealed');

    await rm(options.report, { force: true });
    await fsyncDirectory(dirname(options.report));
    await options.checkpoint?.('old-report-removed');
    await out.commit();
    await options.checkpoint?.('normalized-in-place');
    await report.commit();
    return info;
  } catch (error) {
    for (const writer of writers) await writer.abort();
    throw error;
  }
}
