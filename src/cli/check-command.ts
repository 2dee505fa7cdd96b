import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ImportSession } from '../shared/import/import-session';
import type { DuplicateStrategy } from '../shared/import/session-types';
import { AppError } from '../main/app-error';
import { openDurableWriter, writeFileDurably } from '../main/store/atomic-write';
import { resolveDataDir } from '../main/store/data-dir';
import { PresetStore } from '../main/lists/presets-file';
import type { MappingPreset } from '../shared/import/mapping-presets';
import type { CliIo } from './io';

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
 * when the file was read (its problems are in the report), 1 when it could
 * not be read at all, 2 for usage mistakes.
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
  const path = resolve(io.cwd, file);
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new AppError('not_found', `Cannot read ${file}: no such file.`);
    },
  );
  const preset = args.mapping ? await findPreset(args.mapping, io) : undefined;

  const session = ImportSession.start(createReadStream(path, { highWaterMark: 4 << 20 }), {
    fileName: basename(path),
    totalBytes: size,
    ...(preset && { preset }),
  });
  const summary = await session.done.catch((error: unknown) => {
    throw new AppError('validation', error instanceof Error ? error.message : String(error));
  });
  const duplicateGroups = session.duplicateGroups();

  const report = {
    file: path,
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
  await writeFileDurably(resolve(io.cwd, args.report), `${JSON.stringify(report, null, 2)}\n`);

  session.resolveDuplicates(strategy);
  const writer = await openDurableWriter(resolve(io.cwd, args.out));
  try {
    for (const chunk of session.exportChunks(null, {
      format: 'csv',
      columns: 'prospect-fields',
      validOnly: true,
    })) {
      await writer.write(chunk);
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }

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
    throw new AppError('not_found', `No saved mapping is called "${nameOrId}" (known: ${known}).`);
  }
  return preset;
}
