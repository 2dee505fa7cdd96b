import { extname } from 'node:path';
import { AppError } from '../main/app-error';
import { WoodpeckerV1Client } from '../main/api/woodpecker-v1/client';
import { exportAccount } from '../main/jobs/export-account';
import { accountFromArgs, checkAccountArgs } from './account-from-args';
import type { AccountArgs } from './account-from-args';
import type { CliIo } from './io';
import { checkOutputFile } from './preflight';

export const EXPORT_USAGE = `  export --out FILE.csv|FILE.json (--key-env VAR [--base-url ORIGIN] | --connection NAME) [--company-id ID]
      Write every prospect of the account to FILE. ORIGIN defaults to https://api.woodpecker.co.
      Prints {"prospects","requests","seconds","out"}.`;

/** `prospect-desk export`: every prospect of an account to CSV or JSON. */
export async function exportCommand(
  args: AccountArgs & { out?: string },
  io: CliIo,
): Promise<number> {
  if (!args.out) throw new AppError('validation', '--out FILE.csv or FILE.json is required.');
  const format = extname(args.out).toLowerCase().slice(1);
  if (format !== 'csv' && format !== 'json') {
    throw new AppError('validation', '--out must end in .csv or .json.');
  }
  checkAccountArgs(args, io);
  const out = await checkOutputFile(io, '--out', args.out);
  const { credentials, close } = await accountFromArgs(args, io);
  try {
    if (credentials.api !== 'woodpecker')
      throw new AppError('validation', 'export needs a Woodpecker account.');
    let requests = 0;
    const client = new WoodpeckerV1Client(credentials, { onAttempt: () => void requests++ });
    const started = performance.now();
    const result = await exportAccount({ client, path: out.path, format });
    const seconds = Math.round((performance.now() - started) / 10) / 100;
    io.stdout.write(
      `${JSON.stringify({ prospects: result.prospects, requests, seconds, out: result.path })}\n`,
    );
    return 0;
  } finally {
    await close();
  }
}
