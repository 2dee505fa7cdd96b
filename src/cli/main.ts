import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { toErrorDto } from '../main/error-dto';
import { AppError } from '../main/app-error';
import { checkCommand, CHECK_USAGE } from './check-command';
import { backupCommand, deleteCommand, DELETE_USAGE } from './delete-command';
import { restoreCommand, RESTORE_USAGE } from './restore-command';
import { updateCommand, UPDATE_USAGE } from './update-command';
import { exportCommand, EXPORT_USAGE } from './export-command';
import type { CliIo } from './io';

const USAGE = `Usage: prospect-desk <command> [options]

Commands:
${CHECK_USAGE}
${EXPORT_USAGE}
${DELETE_USAGE}
${RESTORE_USAGE}
${UPDATE_USAGE}

Data (settings, saved connections) lives in the per-user app-data folder;
PROSPECT_DESK_DATA_DIR overrides it.`;

/**
 * The CLI over main's services. Returns the exit code: 0 success, 1 failure,
 * 2 bad usage. Results go to stdout as one JSON line; errors to stderr.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'export':
        return await exportCommand(parse(rest, EXPORT_OPTIONS).values, io);
      case 'check': {
        const { values, positionals } = parse(rest, CHECK_OPTIONS, 1);
        return await checkCommand(positionals[0], values, io);
      }
      case 'backup': {
        const { values, positionals } = parse(rest, DELETE_OPTIONS, 1);
        return await backupCommand(positionals[0], values, io);
      }
      case 'delete': {
        const { values, positionals } = parse(rest, DELETE_OPTIONS, 1);
        return await deleteCommand(positionals[0], values, io);
      }
      case 'restore': {
        const { values, positionals } = parse(rest, RESTORE_OPTIONS, 1);
        return await restoreCommand(positionals[0], values, io);
      }
      case 'update': {
        const { values, positionals } = parse(rest, UPDATE_OPTIONS, 1);
        return await updateCommand(positionals[0], values, io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        io.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    const dto = toErrorDto(error);
    io.stderr.write(`prospect-desk ${command}: ${dto.message}\n`);
    // A bug's stack helps a report; our own messages (AppError) say all there is.
    if (dto.code === 'internal' && error instanceof Error && !(error instanceof AppError)) {
      io.stderr.write(`${error.stack}\n`);
    }
    return dto.code === 'validation' ? 2 : 1;
  }
}

const CHECK_OPTIONS = {
  out: { type: 'string' },
  report: { type: 'string' },
  mapping: { type: 'string' },
  duplicates: { type: 'string' },
} as const;

const ACCOUNT_OPTIONS = {
  'base-url': { type: 'string' },
  'key-env': { type: 'string' },
  connection: { type: 'string' },
  'company-id': { type: 'string' },
} as const;

const EXPORT_OPTIONS = { ...ACCOUNT_OPTIONS, out: { type: 'string' } } as const;

const DELETE_OPTIONS = {
  ...ACCOUNT_OPTIONS,
  'backup-dir': { type: 'string' },
  campaigns: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  confirm: { type: 'string' },
  resume: { type: 'string' },
} as const;

const RESTORE_OPTIONS = { ...ACCOUNT_OPTIONS, 'file-name': { type: 'string' } } as const;

const UPDATE_OPTIONS = {
  ...ACCOUNT_OPTIONS,
  'dry-run': { type: 'boolean' },
  apply: { type: 'boolean' },
  report: { type: 'string' },
  'clear-blanks': { type: 'boolean' },
  'file-name': { type: 'string' },
  'batch-size': { type: 'string' },
  'retry-failed': { type: 'string' },
  revert: { type: 'string' },
} as const;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  maxPositionals = 0,
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: maxPositionals > 0 });
  } catch (error) {
    throw new AppError('validation', (error as Error).message);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new AppError(
      'validation',
      `Unexpected argument "${parsed.positionals[maxPositionals]}".`,
    );
  }
  return parsed;
}
