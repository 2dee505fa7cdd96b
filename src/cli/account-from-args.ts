import { WOODPECKER_ORIGIN } from '../shared/connections';
import { AppError } from '../main/app-error';
import { normaliseBaseUrl } from '../main/connections/base-url';
import { ConnectionsService } from '../main/connections/connections-service';
import { SandboxHost } from '../main/connections/sandbox-host';
import type { AccountCredentials } from '../main/connections/connections-service';
import { registerSecret } from '../main/log';
import { resolveDataDir } from '../main/store/data-dir';
import { openConfSettings } from '../main/store/conf-settings';
import { SecretVault } from '../main/store/secret-vault';
import { unavailableCipher } from '../main/store/secret-cipher';
import { Settings } from '../main/store/settings';
import type { CliIo } from './io';
import { nonBlank, wholeNumber } from './preflight';

export interface AccountArgs {
  'base-url'?: string;
  'key-env'?: string;
  connection?: string;
  'company-id'?: string;
}

/**
 * Turns `--key-env VAR [--base-url ORIGIN]` or `--connection NAME` into
 * credentials. Keys are read from the environment, never from argv (argv is
 * visible to every process on the machine). Saved keys are encrypted by the
 * app's OS keychain access, which plain Node does not have (`io.cipher`
 * defaults to `unavailableCipher`): a saved keyed connection then asks for
 * --key-env; the saved Sandbox works as is. Keys the app keeps for its
 * session only are never on disk, so the CLI never sees them.
 */
export async function accountFromArgs(
  args: AccountArgs,
  io: CliIo,
): Promise<{ credentials: AccountCredentials; close(): Promise<void> }> {
  const { companyId } = checkAccountArgs(args, io);
  if (args.connection !== undefined) {
    const dataDir = resolveDataDir(io.env);
    const sandbox = new SandboxHost();
    const vault = new SecretVault(dataDir, io.cipher ?? unavailableCipher);
    const service = new ConnectionsService(new Settings(openConfSettings(dataDir)), vault, sandbox);
    const saved = (await service.list()).connections.find(
      (c) => c.id === args.connection || c.label === args.connection,
    );
    if (!saved)
      throw new AppError('validation', `No saved connection is called "${args.connection}".`);
    if (saved.kind !== 'sandbox' && (await vault.status()).kind !== 'keychain') {
      throw new AppError(
        'encryption_unavailable',
        `"${saved.label}" keeps its key in the app, which the command line cannot read: pass the key with --key-env VAR (and --base-url ${saved.baseUrl}) instead of --connection.`,
      );
    }
    const credentials = await service.credentials({
      connectionId: saved.id,
      ...(companyId !== undefined && { companyId }),
    });
    return { credentials, close: () => sandbox.close() };
  }
  const apiKey = io.env[args['key-env']!]!.trim();
  registerSecret(apiKey);
  const baseUrl = normaliseBaseUrl(args['base-url'] ?? WOODPECKER_ORIGIN);
  return {
    credentials: {
      api: 'woodpecker',
      baseUrl,
      apiKey,
      label: 'cli',
      ...(companyId !== undefined && { companyId }),
    },
    close: async () => undefined,
  };
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Every check of the account options that needs no disk and no network, so
 * commands run it before anything else: a saved connection's name is only
 * looked up later (it reads the settings file).
 */
export function checkAccountArgs(args: AccountArgs, io: CliIo): { companyId?: number } {
  const companyId = wholeNumber('--company-id', args['company-id'], 1);
  const connection = nonBlank('--connection', args.connection);
  if (connection !== undefined) {
    if (args['key-env'] !== undefined)
      throw new AppError('validation', 'Use either --connection or --key-env, not both.');
    if (args['base-url'] !== undefined) {
      throw new AppError(
        'validation',
        '--base-url comes with the saved connection: drop it, or use --key-env instead of --connection.',
      );
    }
    return companyId === undefined ? {} : { companyId };
  }
  const variable = args['key-env'];
  if (!variable)
    throw new AppError(
      'validation',
      'Pass --key-env VAR (the variable holding the API key) or --connection NAME.',
    );
  if (!VARIABLE_NAME.test(variable)) {
    // Never echoed: it may be the key itself, pasted where its variable's name goes.
    throw new AppError(
      'validation',
      '--key-env takes the NAME of an environment variable that holds the key (letters, digits and _), never the key itself.',
    );
  }
  if (!io.env[variable]?.trim())
    throw new AppError('validation', `The environment variable ${variable} is empty or not set.`);
  normaliseBaseUrl(args['base-url'] ?? WOODPECKER_ORIGIN);
  return companyId === undefined ? {} : { companyId };
}
