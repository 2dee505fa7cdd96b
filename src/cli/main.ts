import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../main/app-error';
import { shareAccountSlots } from '../main/api/http/account-queue';
import { describeBusyWait, withBusyWaitPolicy } from '../main/api/http/busy-wait';
import type { BusyWaitPolicy } from '../main/api/http/busy-wait';
import { resolveDataDir } from '../main/store/data-dir';
import { wholeNumber } from './preflight';
import { checkCommand, CHECK_USAGE } from './check-command';
import { backupCommand, deleteCommand, DELETE_USAGE } from './delete-command';
import { restoreCommand, RESTORE_USAGE } from './restore-command';
import { updateCommand, UPDATE_USAGE } from './update-command';
import { exportCommand, EXPORT_USAGE } from './export-command';
import { EXIT, reportFailure } from './cli-errors';
import type { CliIo } from './io';

const USAGE = `Usage: prospect-desk <command> [options]

Commands:
${CHECK_USAGE}
${EXPORT_USAGE}
${DELETE_USAGE}
${RESTORE_USAGE}
${UPDATE_USAGE}

Data (settings, saved connections) lives in the per-user app-data folder;
PROSPECT_DESK_DATA_DIR overrides it.

Exit codes: 0 done; 1 could not complete (the account, the network or the disk
failed, or something is left unresolved: the output says what to run next);
2 refused, nothing done (a mistake in the command or the files it names).`;

const COMMANDS = 'check, export, backup, delete, restore, update';

/**
 * The CLI over main's services. Returns the exit code (cli-errors.ts): 0
 * done, 1 could not complete, 2 refused (a usage mistake). Results go to
 * stdout as one JSON line; errors to stderr as one line.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  // The app and other CLI runs on this data folder share each account's
  // one-request-at-a-time slot (account-queue.ts).
  const stopSharing = shareAccountSlots(join(resolveDataDir(io.env), 'locks'));
  try {
    return await runCommand(command, rest, io);
  } catch (error) {
    return reportFailure(command ?? '', error, io);
  } finally {
    stopSharing();
  }
}

/** One command, its options parsed and checked; failures are thrown to runCli. */
async function runCommand(command: string | undefined, rest: string[], io: CliIo): Promise<number> {
  switch (command) {
    case 'export': {
      const { values } = parse(rest, EXPORT_OPTIONS);
      return await withBusyWaitPolicy(busyWait(values, io), () => exportCommand(values, io));
    }
    case 'check': {
      const { values, positionals } = parse(rest, CHECK_OPTIONS, 1);
      return await checkCommand(positionals[0], values, io);
    }
    case 'backup': {
      const { values, positionals } = parse(rest, DELETE_OPTIONS, 1);
      return await withBusyWaitPolicy(busyWait(values, io), () =>
        backupCommand(positionals[0], values, io),
      );
    }
    case 'delete': {
      const { values, positionals } = parse(resumeWithoutRun(rest), DELETE_OPTIONS, 1);
      return await withBusyWaitPolicy(busyWait(values, io), () =>
        deleteCommand(positionals[0], values, io),
      );
    }
    case 'restore': {
      const { values, positionals } = parse(rest, RESTORE_OPTIONS, 1);
      return await withBusyWaitPolicy(busyWait(values, io), () =>
        restoreCommand(positionals[0], values, io),
      );
    }
    case 'update': {
      const { values, positionals } = parse(rest, UPDATE_OPTIONS, 1);
      return await withBusyWaitPolicy(busyWait(values, io), () =>
        updateCommand(positionals[0], values, io),
      );
    }
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    case undefined:
      io.stderr.write(
        `prospect-desk: name a command (${COMMANDS}); prospect-desk help lists their options.\n`,
      );
      return EXIT.usage;
    default:
      io.stderr.write(
        `prospect-desk: unknown command ${JSON.stringify(command)} (commands: ${COMMANDS}; prospect-desk help lists their options).\n`,
      );
      return EXIT.usage;
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
  'max-wait': { type: 'string' },
} as const;

/** Two hours: longer than any busy spell worth waiting out unattended. */
const MAX_WAIT_SECONDS = 7_200;

/**
 * How long one request may wait while the service answers "busy" (409/429):
 * `--max-wait SECONDS`, else the app's default; each wait is said on stderr.
 */
function busyWait(values: { 'max-wait'?: string }, io: CliIo): Partial<BusyWaitPolicy> {
  const seconds = wholeNumber('--max-wait', values['max-wait'], 0, MAX_WAIT_SECONDS);
  return {
    ...(seconds !== undefined && { maxTotalWaitMs: seconds * 1000 }),
    howToWaitLonger: 'allow a longer wait with --max-wait SECONDS',
    onWait: (notice) => {
      if (notice.kind === 'waiting') io.stderr.write(`${describeBusyWait(notice)}\n`);
    },
  };
}

const EXPORT_OPTIONS = { ...ACCOUNT_OPTIONS, out: { type: 'string' } } as const;

const DELETE_OPTIONS = {
  ...ACCOUNT_OPTIONS,
  'backup-dir': { type: 'string' },
  campaigns: { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  confirm: { type: 'string' },
  resume: { type: 'string' },
  'key-rotated': { type: 'boolean' },
} as const;

const RESTORE_OPTIONS = {
  ...ACCOUNT_OPTIONS,
  'file-name': { type: 'string' },
  'key-rotated': { type: 'boolean' },
} as const;

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
  resume: { type: 'string' },
  'key-rotated': { type: 'boolean' },
} as const;

/**
 * Parses a command's options strictly: unknown options, a missing or empty
 * value, an option given twice and extra arguments are refused, each with a
 * one-line message (node's own span several lines).
 */
function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  maxPositionals = 0,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: maxPositionals > 0,
      tokens: true,
    });
  } catch (error) {
    throw new AppError('validation', parseArgsMessage(error as NodeJS.ErrnoException));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new AppError('validation', `--${token.name} is given twice.`);
    seen.add(token.name);
    // `--resume` alone (turned into `--resume=` below) asks for the interrupted run.
    if (token.value === '' && token.name !== 'resume') {
      throw new AppError('validation', `--${token.name} needs a value.`);
    }
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new AppError(
      'validation',
      `Unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}.`,
    );
  }
  return parsed;
}

function parseArgsMessage(error: NodeJS.ErrnoException): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? 'an option';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option} (prospect-desk help lists the options of each command).`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(error.message)
        ? `${option} takes no value.`
        : `${option} needs a value (one starting with "-" is written ${option}=-…).`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const argument = /Unexpected argument '(.*)'\. /.exec(error.message)?.[1];
      return argument === undefined
        ? 'This command takes no arguments, only options.'
        : `Unexpected argument ${JSON.stringify(argument)}.`;
    }
    default:
      return error.message.split('\n')[0]!;
  }
}

/**
 * `delete --resume` without a run id (at the end, or before another option)
 * becomes `--resume=`: the command then looks for the account's interrupted
 * run. A value that does not start with "-" stays the run id.
 */
function resumeWithoutRun(args: string[]): string[] {
  return args.map((arg, i) =>
    arg === '--resume' && (i + 1 === args.length || args[i + 1]!.startsWith('-'))
      ? '--resume='
      : arg,
  );
}
