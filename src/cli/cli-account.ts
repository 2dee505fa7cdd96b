import { createHash, randomBytes } from 'node:crypto';
import { WoodpeckerV1Client } from '../main/api/woodpecker-v1/client';
import { AppError } from '../main/app-error';
import { newRunId } from '../main/delete/run-files';
import { accountFromArgs } from './account-from-args';
import type { AccountArgs } from './account-from-args';
import type { CliIo } from './io';

export interface CliAccount {
  client: WoodpeckerV1Client;
  /** Stable per account, so a later `--resume` or `restore` finds the run's backup. */
  connection: {
    id: string;
    label: string;
    kind: 'woodpecker';
    companyId?: number;
    /** The API's origin (never the key): what `update --key-rotated` compares. */
    origin: string;
  };
  /** Every HTTP attempt, retries included. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * The Woodpecker account a command acts on (update, backup, delete, restore). Its id is a
 * hash of origin, key and company (never the key itself): the same account
 * gives the same id, which binds backups to it.
 */
export async function cliAccount(args: AccountArgs, io: CliIo): Promise<CliAccount> {
  const { credentials, close } = await accountFromArgs(args, io);
  if (credentials.api !== 'woodpecker') {
    await close();
    throw new AppError('validation', 'This command needs a Woodpecker account.');
  }
  let requests = 0;
  const client = new WoodpeckerV1Client(credentials, { onAttempt: () => void requests++ });
  const hash = createHash('sha256')
    .update(`${credentials.baseUrl}\n${credentials.apiKey}\n${credentials.companyId ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return {
    client,
    connection: {
      id: `cli-${hash}`,
      label: credentials.label === 'cli' ? credentials.baseUrl : credentials.label,
      kind: 'woodpecker',
      ...(credentials.companyId !== undefined && { companyId: credentials.companyId }),
      origin: credentials.baseUrl,
    },
    requests: () => requests,
    close,
  };
}

export function cliRunId(prefix: string): string {
  return newRunId(prefix, new Date(), randomBytes(3).toString('hex'));
}
