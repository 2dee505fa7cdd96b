import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ImportSession } from '../shared/import/import-session';
import type { DuplicateStrategy } from '../shared/import/session-types';
import { AppError } from '../main/app-error';
import { resolveDataDir } from '../main/store/data-dir';
import { PresetStore } from '../main/lists/presets-file';
import type { MappingPreset } from '../shared/import/mapping-presets';
import { writeCheckOutputs } from './check-outputs';
import type { CliIo } from './io';
import {
  checkDistinctOutputs,
  checkInputFile,
  checkOutputFile,
  MAX_INPUT_BYTES,
  nonBlank,
} from './preflight';

export const CHECK_USAGE = `  check FILE --out normalized.csv --report report.json [--mapping PRESET] [--duplicates keep-first|keep-last|merge]
      Run the import pipeline headless: detect encoding and delimiter, map columns (or apply
      the saved mapping PRESET), validate and de-duplicate. normalized.csv holds the valid rows
      with prospect field names as headers; report.json lists every problem with row and column.
      Prints {"rows","valid","invalid","duplicates","encoding","delimiter","mapping"}.`;

const STRATEGIES: readonly DuplicateStrategy[] = ['keep-first', 'keep-last', 'merge'];

export interface CheckArgs {
  out?: string;
  report?: string;
  mapping?: string;
  duplicates?: string;
}

/**
 * `prospect-desk check`: the app's import pipeline without the app. Exit 0
 * when the file was read (its problems are in the report), 2 when the
 * command or the file cannot be used (nothing is written then), 1 when the
 * outputs could not be written.
 */
export async function checkCommand(
  file: string | undefined,
  args: CheckArgs,
  io: CliIo,
): Promise<number> {
  if (!file) throw new AppError('validation', 'Name the file to check: prospect-desk check FILE …');
  if (!args.out || !args.report)
    throw new AppError('validation', '--out and --report are required.');
  const strategy = (args.duplicates ?? 'keep-first') as DuplicateStrategy;
  if (!STRATEGIES.includes(strategy)) {
    throw new AppError('validation', `--duplicates must be one of ${STRATEGIES.join(', ')}.`);
  }
  const mapping = nonBlank('--mapping', args.mapping);
  const input = await checkInputFile(io, file, {
    maxBytes: MAX_INPUT_BYTES,
    what: 'a file to check',
  });
  const out = await checkOutputFile(io, '--out', args.out, [input]);
  const reportFile = await checkOutputFile(io, '--report', args.report, [input]);
  await checkDistinctOutputs(out, reportFile);
  const preset = mapping ? await findPreset(mapping, io) : undefined;

  const session = ImportSession.start(createReadStream(input.path, { highWaterMark: 4 << 20 }), {
    fileName: basename(input.path),
    totalBytes: input.size,
    ...(preset && { preset }),
  });
  const summary = await session.done.catch((error: unknown) => {
    throw new AppError('validation', error instanceof Error ? error.message : String(error));
  });
  const duplicateGroups = session.duplicateGroups();

  const report = {
    file: input.path,
    encoding: summary.detection.encoding,
    bom: summary.detection.bom,
    delimiter: summary.detection.delimiter,
    lineEnding: summary.detection.lineEnding,
    headerRow: summary.detection.headerRow,
    rows: summary.rows,
    valid: summary.valid,
    invalid: summary.invalid,
    duplicates: summary.duplicates,
    duplicateResolution: strategy,
    mapping: mappingObject(summary.mapping.columns),
    unmappedColumns: summary.mapping.snippetCandidates.map((c) => c.header),
    presetApplied: session.presetApplied(),
    fileProblems: summary.problems,
    cellProblems: [...session.rowErrors()].flatMap(({ errors }) =>
      errors.map((e) => ({
        row: e.row,
        column: e.column,
        field: e.field,
        code: e.code,
        message: e.message,
        value: e.value,
      })),
    ),
    duplicateGroups,
  };

  session.resolveDuplicates(strategy);
  // The pair is written so that a kill never mixes an old and a new file (check-outputs.ts).
  await writeCheckOutputs({
    out: out.path,
    report: reportFile.path,
    normalized: session.exportChunks(null, {
      format: 'csv',
      columns: 'prospect-fields',
      validOnly: true,
    }),
    reportText: (normalized) => `${JSON.stringify({ ...report, normalized }, null, 2)}\n`,
  });

  io.stdout.write(
    `${JSON.stringify({
      rows: summary.rows,
      valid: summary.valid,
      invalid: summary.invalid,
      duplicates: summary.duplicates,
      encoding: summary.detection.encoding,
      delimiter: summary.detection.delimiter,
      mapping: report.mapping,
    })}\n`,
  );
  return 0;
}

function mappingObject(
  columns: { header: string; field: string | null }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const column of columns) if (column.field) out[column.header] = column.field;
  return out;
}

async function findPreset(nameOrId: string, io: CliIo) {
  const presets = await new PresetStore(resolveDataDir(io.env)).list();
  const preset = presets.find((p: MappingPreset) => p.id === nameOrId || p.name === nameOrId);
  if (!preset) {
    const known = presets.map((p: MappingPreset) => `"${p.name}"`).join(', ') || 'none saved yet';
    throw new AppError('validation', `No saved mapping is called "${nameOrId}" (known: ${known}).`);
  }
  return preset;
}
