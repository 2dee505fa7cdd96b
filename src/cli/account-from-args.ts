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
  const companyId = args['company-id'] === undefined ? undefined : Number(args['company-id']);
  if (companyId !== undefined && !(Number.isInteger(companyId) && companyId > 0)) {
    throw new AppError('validation', '--company-id must be a positive whole number.');
  }
  if (args.connection !== undefined) {
    if (args['key-env'])
      throw new AppError('validation', 'Use either --connection or --key-env, not both.');
    const dataDir = resolveDataDir(io.env);
    const sandbox = new SandboxHost();
    const vault = new SecretVault(dataDir, io.cipher ?? unavailableCipher);
    const service = new ConnectionsService(new Settings(openConfSettings(dataDir)), vault, sandbox);
    const saved = (await service.list()).connections.find(
      (c) => c.id === args.connection || c.label === args.connection,
    );
    if (!saved)
      throw new AppError('not_found', `No saved connection is called "${args.connection}".`);
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
  const variable = args['key-env'];
  if (!variable)
    throw new AppError(
      'validation',
      'Pass --key-env VAR (the variable holding the API key) or --connection NAME.',
    );
  const apiKey = io.env[variable]?.trim();
  if (!apiKey)
    throw new AppError('validation', `The environment variable ${variable} is empty or not set.`);
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
