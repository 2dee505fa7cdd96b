import { createHash } from 'node:crypto';
import {
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { startSandbox } from '../../src/main/sandbox';
import type { Sandbox } from '../../src/main/sandbox/types';
import { withTempDir } from '../support/temp-dir';
import { capture } from './capture';

/**
 * Ordinary mistakes, one row each: the command prints exactly one line on
 * stderr (no stack), exits with the code README promises (2 refused, 1 could
 * not complete), sends nothing to the account and leaves every file and
 * folder as it was (names, kinds and bytes compared before and after).
 */
interface Case {
  args: string[];
  /** The whole stderr but its newline; a function when it holds the temp folder's path. */
  error: string | ((dir: string) => string);
  code?: 1 | 2;
  /** Extra files this case needs (slow ones: the 50 MB line, the 257 MB file). */
  setup?: (dir: string) => Promise<void>;
  /** Only where the OS has it (symlinks, /dev/null). */
  posixOnly?: boolean;
}

const ACCOUNT = ['--base-url', 'SANDBOX', '--key-env', 'WP_KEY'];
const RUN = 'upd-20261207-101500-abcdef';
const DEL = 'del-20261207-101500-abcdef';

const check = (...args: string[]) => ['check', 'list.csv', ...args];
const checkOut = (...args: string[]) => check('--out', 'n.csv', '--report', 'r.json', ...args);
const exportTo = (out: string, ...args: string[]) => ['export', '--out', out, ...ACCOUNT, ...args];
const del = (...args: string[]) => ['delete', ...args, ...ACCOUNT];
const delIds = (...args: string[]) => del('ids.csv', '--backup-dir', 'backups', ...args);
const delDry = (file: string) => del(file, '--backup-dir', 'backups', '--dry-run');
const update = (...args: string[]) => ['update', ...args, ...ACCOUNT];
const apply = (...args: string[]) => update('list.csv', '--apply', '--report', 'out', ...args);

const PREFIX = (command: string, message: string) => `prospect-desk ${command}: ${message}`;
/** How a damaged run file ends its one line (src/main/update/update-files.ts). */
const UNTRUSTED =
  "the run's files cannot be trusted, so nothing was sent. Restore the run folder from a copy, or preview the list again and apply a new update.";
const NOT_TEXT =
  'This file is not text, so it is not a CSV file. Export your spreadsheet as CSV (UTF-8) and import that file.';
const NOT_A_NUMBER = (option: string, range: string, got: string) =>
  `${option} takes a whole number in digits, ${range} (got "${got}").`;
const NEEDS_VALUE = (option: string) =>
  `${option} needs a value (one starting with "-" is written ${option}=-…).`;

const CASES: Record<string, Case> = {
  // The command line itself
  'no command': {
    args: [],
    error:
      'prospect-desk: name a command (check, export, backup, delete, restore, update); prospect-desk help lists their options.',
  },
  'unknown command': {
    args: ['frobnicate'],
    error:
      'prospect-desk: unknown command "frobnicate" (commands: check, export, backup, delete, restore, update; prospect-desk help lists their options).',
  },
  'unknown option': {
    args: checkOut('--bogus'),
    error: PREFIX(
      'check',
      'Unknown option --bogus (prospect-desk help lists the options of each command).',
    ),
  },
  'option without its value, last': {
    args: ['check', 'list.csv', '--report', 'r.json', '--out'],
    error: PREFIX('check', NEEDS_VALUE('--out')),
  },
  'option without its value, before another option': {
    args: ['check', 'list.csv', '--out', '--report', 'r.json'],
    error: PREFIX('check', NEEDS_VALUE('--out')),
  },
  'option given twice': {
    args: check('--out', 'a.csv', '--out', 'b.csv', '--report', 'r.json'),
    error: PREFIX('check', '--out is given twice.'),
  },
  'option with an empty value': {
    args: check('--out=', '--report', 'r.json'),
    error: PREFIX('check', '--out needs a value.'),
  },
  'flag with a value': {
    args: delIds('--yes=1', '--confirm', '2'),
    error: PREFIX('delete', '--yes takes no value.'),
  },
  'argument export does not take': {
    args: [...exportTo('x.csv'), 'extra'],
    error: PREFIX('export', 'Unexpected argument "extra".'),
  },
  'a second file': {
    args: ['check', 'list.csv', 'ids.csv', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX('check', 'Unexpected argument "ids.csv".'),
  },

  // check
  'check without a file': {
    args: ['check', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX('check', 'Name the file to check: prospect-desk check FILE …'),
  },
  'check without --report': {
    args: check('--out', 'n.csv'),
    error: PREFIX('check', '--out and --report are required.'),
  },
  'check with an unknown --duplicates': {
    args: checkOut('--duplicates', 'newest'),
    error: PREFIX('check', '--duplicates must be one of keep-first, keep-last, merge.'),
  },
  'check a missing file': {
    args: ['check', 'missing.csv', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX('check', 'Cannot read missing.csv: no such file.'),
  },
  'check a folder': {
    args: ['check', 'folder', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX('check', 'folder is a folder, not a file.'),
  },
  'check an empty file': {
    args: ['check', 'empty.csv', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX('check', 'empty.csv is empty.'),
  },
  'check a file of blank lines': {
    args: ['check', 'blank.csv', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX(
      'check',
      'The file is empty: it has no header row and no data. Check that you picked the right file.',
    ),
  },
  'check a binary file': {
    args: ['check', 'photo.png', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX('check', NOT_TEXT),
  },
  'check a workbook': {
    args: ['check', 'book.csv', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX(
      'check',
      'This is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › CSV UTF-8 (Comma delimited), then import that file.',
    ),
  },
  'check a file under a file': {
    args: ['check', 'note.txt/x.csv', '--out', 'n.csv', '--report', 'r.json'],
    error: PREFIX('check', 'Cannot read note.txt/x.csv: note.txt is a file, not a folder.'),
  },
  '--out into a missing folder': {
    args: check('--out', 'missing/n.csv', '--report', 'r.json'),
    error: PREFIX('check', '--out missing/n.csv: the folder missing does not exist.'),
  },
  '--out onto a folder': {
    args: check('--out', 'folder', '--report', 'r.json'),
    error: PREFIX('check', '--out folder is a folder: name a file to write.'),
  },
  '--out under a file': {
    args: check('--out', 'note.txt/n.csv', '--report', 'r.json'),
    error: PREFIX('check', '--out note.txt/n.csv: note.txt is a file, not a folder.'),
  },
  '--report into a missing folder': {
    args: check('--out', 'n.csv', '--report', 'missing/r.json'),
    error: PREFIX('check', '--report missing/r.json: the folder missing does not exist.'),
  },
  '--report onto a folder': {
    args: check('--out', 'n.csv', '--report', 'folder'),
    error: PREFIX('check', '--report folder is a folder: name a file to write.'),
  },
  '--report under a file': {
    args: check('--out', 'n.csv', '--report', 'note.txt/r.json'),
    error: PREFIX('check', '--report note.txt/r.json: note.txt is a file, not a folder.'),
  },
  '--out is the input': {
    args: check('--out', 'list.csv', '--report', 'r.json'),
    error: PREFIX('check', '--out list.csv is the input file: name another file to write.'),
  },
  '--out is the input, spelled another way': {
    args: check('--out', './folder/../list.csv', '--report', 'r.json'),
    error: PREFIX(
      'check',
      '--out ./folder/../list.csv is the input file list.csv: name another file to write.',
    ),
  },
  '--out is a symlink to the input': {
    args: check('--out', 'link.csv', '--report', 'r.json'),
    error: PREFIX(
      'check',
      '--out link.csv is the input file list.csv: name another file to write.',
    ),
    posixOnly: true,
  },
  '--out is a hard link to the input': {
    args: check('--out', 'hard.csv', '--report', 'r.json'),
    error: PREFIX(
      'check',
      '--out hard.csv is the input file list.csv: name another file to write.',
    ),
  },
  '--report is the input': {
    args: check('--out', 'n.csv', '--report', 'list.csv'),
    error: PREFIX('check', '--report list.csv is the input file: name another file to write.'),
  },
  '--out and --report are one file': {
    args: check('--out', 'same.csv', '--report', 'same.csv'),
    error: PREFIX('check', '--out same.csv and --report same.csv name the same file.'),
  },
  // Through a link in the temp folder, never /dev/null itself: a CLI without
  // this check renames its temp file over the target, which as root replaces
  // the machine's /dev/null (it did, running this table against the old code).
  '--out onto a device': {
    args: check('--out', 'null-device', '--report', 'r.json'),
    error: PREFIX('check', '--out null-device is not a regular file: name a file to write.'),
    posixOnly: true,
  },
  'blank --mapping': {
    args: checkOut('--mapping', '  '),
    error: PREFIX('check', '--mapping needs a name that is not blank.'),
  },
  'unknown --mapping': {
    args: checkOut('--mapping', 'Nope'),
    error: PREFIX('check', 'No saved mapping is called "Nope" (known: none saved yet).'),
  },

  // export and the account options
  'export without --out': {
    args: ['export', ...ACCOUNT],
    error: PREFIX('export', '--out FILE.csv or FILE.json is required.'),
  },
  'export to a workbook': {
    args: exportTo('x.xlsx'),
    error: PREFIX('export', '--out must end in .csv or .json.'),
  },
  'export without a key': {
    args: ['export', '--out', 'x.csv'],
    error: PREFIX(
      'export',
      'Pass --key-env VAR (the variable holding the API key) or --connection NAME.',
    ),
  },
  'export with an unset key variable': {
    args: ['export', '--out', 'x.csv', '--key-env', 'NOPE'],
    error: PREFIX('export', 'The environment variable NOPE is empty or not set.'),
  },
  'export with the key itself in --key-env': {
    args: ['export', '--out', 'x.csv', '--key-env', 'sk-live 1234-abcd'],
    error: PREFIX(
      'export',
      '--key-env takes the NAME of an environment variable that holds the key (letters, digits and _), never the key itself.',
    ),
  },
  'export with --connection and --key-env': {
    args: ['export', '--out', 'x.csv', '--connection', 'Main', '--key-env', 'WP_KEY'],
    error: PREFIX('export', 'Use either --connection or --key-env, not both.'),
  },
  'export with --connection and --base-url': {
    args: ['export', '--out', 'x.csv', '--connection', 'Main', '--base-url', 'https://x.test'],
    error: PREFIX(
      'export',
      '--base-url comes with the saved connection: drop it, or use --key-env instead of --connection.',
    ),
  },
  'export with a blank --connection': {
    args: ['export', '--out', 'x.csv', '--connection', ' '],
    error: PREFIX('export', '--connection needs a name that is not blank.'),
  },
  'export with an unknown --connection': {
    args: ['export', '--out', 'x.csv', '--connection', 'Nope'],
    error: PREFIX('export', 'No saved connection is called "Nope".'),
  },
  'export over plain http': {
    args: ['export', '--out', 'x.csv', '--key-env', 'WP_KEY', '--base-url', 'http://example.com'],
    error: PREFIX(
      'export',
      'The base URL must start with https:// (plain http is only allowed for 127.0.0.1/localhost).',
    ),
  },
  'export to a base URL that is not one': {
    args: ['export', '--out', 'x.csv', '--key-env', 'WP_KEY', '--base-url', 'not a url'],
    error: PREFIX('export', '"not a url" is not a URL. Use the form https://api.example.com.'),
  },
  '--company-id in exponent form': {
    args: exportTo('x.csv', '--company-id', '1e30'),
    error: PREFIX('export', NOT_A_NUMBER('--company-id', '1 or more', '1e30')),
  },
  '--company-id 0': {
    args: exportTo('x.csv', '--company-id', '0'),
    error: PREFIX('export', NOT_A_NUMBER('--company-id', '1 or more', '0')),
  },
  '--company-id past 2^53': {
    args: exportTo('x.csv', '--company-id', '123456789012345678901'),
    error: PREFIX('export', NOT_A_NUMBER('--company-id', '1 or more', '123456789012345678901')),
  },
  '--company-id in hex': {
    args: exportTo('x.csv', '--company-id', '0x10'),
    error: PREFIX('export', NOT_A_NUMBER('--company-id', '1 or more', '0x10')),
  },
  'export into a missing folder': {
    args: exportTo('missing/x.csv'),
    error: PREFIX('export', '--out missing/x.csv: the folder missing does not exist.'),
  },
  'export onto a folder': {
    args: exportTo('exports.csv'),
    error: PREFIX('export', '--out exports.csv is a folder: name a file to write.'),
  },
  'export under a file': {
    args: exportTo('note.txt/x.csv'),
    error: PREFIX('export', '--out note.txt/x.csv: note.txt is a file, not a folder.'),
  },

  // delete and backup
  'delete without --backup-dir': {
    args: del('ids.csv', '--dry-run'),
    error: PREFIX('delete', '--backup-dir DIR is required.'),
  },
  'delete without --yes --confirm': {
    args: delIds(),
    error: PREFIX('delete', 'Deleting needs --yes --confirm N (or --dry-run to see the plan).'),
  },
  'delete with --yes alone': {
    args: delIds('--yes'),
    error: PREFIX('delete', 'Deleting needs --yes --confirm N (or --dry-run to see the plan).'),
  },
  'delete with --dry-run and --yes': {
    args: delIds('--dry-run', '--yes', '--confirm', '2'),
    error: PREFIX('delete', 'Use either --dry-run or --yes --confirm N.'),
  },
  '--confirm in hex': {
    args: delIds('--yes', '--confirm', '0x0a'),
    error: PREFIX('delete', NOT_A_NUMBER('--confirm', '1 or more', '0x0a')),
  },
  '--confirm 0': {
    args: delIds('--yes', '--confirm', '0'),
    error: PREFIX('delete', NOT_A_NUMBER('--confirm', '1 or more', '0')),
  },
  '--confirm negative': {
    args: delIds('--yes', '--confirm=-3'),
    error: PREFIX('delete', NOT_A_NUMBER('--confirm', '1 or more', '-3')),
  },
  '--confirm with a fraction': {
    args: delIds('--yes', '--confirm', '2.0'),
    error: PREFIX('delete', NOT_A_NUMBER('--confirm', '1 or more', '2.0')),
  },
  '--confirm more than the targets': {
    args: delIds('--yes', '--confirm', '5'),
    error: PREFIX('delete', '--confirm 5 is more than the 2 target(s) ids.csv names.'),
  },
  '--campaigns in exponent form': {
    args: delIds('--dry-run', '--campaigns', '1e20'),
    error: PREFIX(
      'delete',
      '--campaigns takes ids in digits separated by commas, like 7,8 (got "1e20").',
    ),
  },
  '--campaigns past 2^53': {
    args: delIds('--dry-run', '--campaigns', '100000000000000000000'),
    error: PREFIX(
      'delete',
      '--campaigns takes ids in digits separated by commas, like 7,8 (got "100000000000000000000").',
    ),
  },
  '--campaigns with an empty id': {
    args: delIds('--dry-run', '--campaigns', '7,,8'),
    error: PREFIX(
      'delete',
      '--campaigns takes ids in digits separated by commas, like 7,8 (got "7,,8").',
    ),
  },
  '--campaigns with an id twice': {
    args: delIds('--dry-run', '--campaigns', '7,7'),
    error: PREFIX('delete', '--campaigns names an id twice.'),
  },
  'delete a missing targets file': {
    args: delDry('missing.csv'),
    error: PREFIX('delete', 'Cannot read missing.csv: no such file.'),
  },
  'delete a folder': {
    args: delDry('folder'),
    error: PREFIX('delete', 'folder is a folder, not a file.'),
  },
  'delete an empty targets file': {
    args: delDry('empty.csv'),
    error: PREFIX('delete', 'empty.csv is empty.'),
  },
  'delete a binary targets file': {
    args: delDry('photo.png'),
    error: PREFIX('delete', `photo.png: ${NOT_TEXT}`),
  },
  'delete a targets file of one 50 MB line': {
    args: delDry('long.csv'),
    error: PREFIX(
      'delete',
      'long.csv: Line 1: this line is longer than any spreadsheet row, so the file is not a CSV export. Export your spreadsheet as CSV (UTF-8) and import that file.',
    ),
    setup: (dir) => writeFile(join(dir, 'long.csv'), 'a'.repeat(50 << 20)),
  },
  'delete a targets file past the size limit': {
    args: delDry('huge.csv'),
    error: PREFIX('delete', 'huge.csv is 257 MB: a targets file may be 256 MB at most.'),
    setup: async (dir) => {
      await writeFile(join(dir, 'huge.csv'), '');
      await truncate(join(dir, 'huge.csv'), 257 << 20);
    },
  },
  'delete targets that are not emails': {
    args: delDry('bad-values.csv'),
    error: PREFIX(
      'delete',
      'bad-values.csv: 1 value(s) are not emails (line 3: "not an email"). Fix the file; nothing was read from the account.',
    ),
  },
  '--backup-dir that is a file': {
    args: del('ids.csv', '--backup-dir', 'note.txt', '--dry-run'),
    error: PREFIX('delete', '--backup-dir note.txt is a file, not a folder.'),
  },
  '--backup-dir under a file': {
    args: del('ids.csv', '--backup-dir', 'note.txt/b', '--dry-run'),
    error: PREFIX('delete', '--backup-dir note.txt/b: note.txt is a file, not a folder.'),
  },
  'delete FILE and --resume': {
    args: delIds('--resume', DEL, '--yes', '--confirm', '2'),
    error: PREFIX('delete', 'Give either FILE or --resume RUN, not both.'),
  },
  '--resume with --dry-run': {
    args: del('--resume', DEL, '--backup-dir', 'backups', '--dry-run'),
    error: PREFIX('delete', '--dry-run plans a new run: give FILE.'),
  },
  '--resume with --campaigns': {
    args: del(
      '--resume',
      DEL,
      '--backup-dir',
      'backups',
      '--campaigns',
      '7',
      '--yes',
      '--confirm',
      '1',
    ),
    error: PREFIX('delete', '--campaigns is part of the run being resumed: --resume takes none.'),
  },
  '--resume a path': {
    args: del('--resume', '../x', '--backup-dir', 'backups', '--yes', '--confirm', '1'),
    error: PREFIX(
      'delete',
      '--resume "../x" is not a run id (they look like del-20261123-101500-3fa2c1).',
    ),
  },
  '--resume a run the folder does not have': {
    args: del('--resume', DEL, '--backup-dir', 'backups', '--yes', '--confirm', '1'),
    error: PREFIX('delete', `--resume ${DEL}: no such run in backups.`),
  },
  '--resume alone, nothing interrupted': {
    args: del('--resume', '--backup-dir', 'backups', '--yes', '--confirm', '1'),
    error: PREFIX(
      'delete',
      'No interrupted delete run of this account in backups: nothing to resume.',
    ),
  },
  '--resume in a missing --backup-dir': {
    args: del('--resume', '--backup-dir', 'missing', '--yes', '--confirm', '1'),
    error: PREFIX('delete', '--backup-dir missing: no such folder.'),
  },
  'empty --backup-dir': {
    args: del('ids.csv', '--backup-dir', '', '--dry-run'),
    error: PREFIX('delete', '--backup-dir needs a value.'),
  },
  'backup with --yes': {
    args: ['backup', 'ids.csv', '--backup-dir', 'backups', '--yes', ...ACCOUNT],
    error: PREFIX('backup', 'backup deletes nothing: --yes belongs to delete.'),
  },
  'backup with --resume': {
    args: ['backup', 'ids.csv', '--backup-dir', 'backups', '--resume', DEL, ...ACCOUNT],
    error: PREFIX('backup', 'backup deletes nothing: --resume belongs to delete.'),
  },
  'backup without a file': {
    args: ['backup', '--backup-dir', 'backups', ...ACCOUNT],
    error: PREFIX('backup', 'Name the file listing the targets.'),
  },

  // restore
  'restore without a backup': {
    args: ['restore', ...ACCOUNT],
    error: PREFIX('restore', 'Name the backup to restore: its .manifest.json, .jsonl or .csv.'),
  },
  'restore a file that is no backup': {
    args: ['restore', 'note.txt', ...ACCOUNT],
    error: PREFIX('restore', 'Name the backup to restore: its .manifest.json, .jsonl or .csv.'),
  },
  'restore a missing manifest': {
    args: ['restore', `backups/${DEL.replace('abcdef', '000000')}.manifest.json`, ...ACCOUNT],
    error: PREFIX(
      'restore',
      `Cannot read backups/${DEL.replace('abcdef', '000000')}.manifest.json: no such file.`,
    ),
  },
  'restore a folder': {
    args: ['restore', 'old.manifest.json', ...ACCOUNT],
    error: PREFIX('restore', 'old.manifest.json is a folder, not a file.'),
  },
  'restore a backup without its manifest': {
    args: ['restore', `backups/${DEL}.jsonl`, ...ACCOUNT],
    error: PREFIX(
      'restore',
      `backups/${DEL}.jsonl has no manifest beside it (${DEL}.manifest.json): it is not a complete backup.`,
    ),
  },
  'restore with a blank --file-name': {
    args: ['restore', `backups/${DEL}.jsonl`, '--file-name', '   ', ...ACCOUNT],
    error: PREFIX('restore', '--file-name needs a name that is not blank.'),
  },
  'restore with an empty --file-name': {
    args: ['restore', `backups/${DEL}.jsonl`, '--file-name', '', ...ACCOUNT],
    error: PREFIX('restore', '--file-name needs a value.'),
  },

  // update
  'update without a mode': {
    args: update('list.csv', '--report', 'out'),
    error: PREFIX('update', 'Choose --dry-run (preview only) or --apply.'),
  },
  'update with both modes': {
    args: update('list.csv', '--report', 'out', '--dry-run', '--apply'),
    error: PREFIX('update', 'Choose --dry-run (preview only) or --apply.'),
  },
  'update without --report': {
    args: update('list.csv', '--apply'),
    error: PREFIX('update', '--report DIR is required.'),
  },
  'update without a file': {
    args: update('--apply', '--report', 'out'),
    error: PREFIX('update', 'Name the file to update from.'),
  },
  '--batch-size in exponent form': {
    args: apply('--batch-size', '1e3'),
    error: PREFIX('update', NOT_A_NUMBER('--batch-size', '1 to 20000', '1e3')),
  },
  '--batch-size past the limit': {
    args: apply('--batch-size', '20001'),
    error: PREFIX('update', NOT_A_NUMBER('--batch-size', '1 to 20000', '20001')),
  },
  '--batch-size 0': {
    args: apply('--batch-size', '0'),
    error: PREFIX('update', NOT_A_NUMBER('--batch-size', '1 to 20000', '0')),
  },
  'empty --file-name': {
    args: apply('--file-name', ''),
    error: PREFIX('update', '--file-name needs a value.'),
  },
  'blank --file-name': {
    args: apply('--file-name', '   '),
    error: PREFIX('update', '--file-name needs a name that is not blank.'),
  },
  'update from a missing file': {
    args: update('missing.csv', '--apply', '--report', 'out'),
    error: PREFIX('update', 'Cannot read missing.csv: no such file.'),
  },
  'update from a folder': {
    args: update('folder', '--apply', '--report', 'out'),
    error: PREFIX('update', 'folder is a folder, not a file.'),
  },
  'update from an empty file': {
    args: update('empty.csv', '--apply', '--report', 'out'),
    error: PREFIX('update', 'empty.csv is empty.'),
  },
  'update from a binary file': {
    args: update('photo.png', '--apply', '--report', 'out'),
    error: PREFIX('update', `photo.png: ${NOT_TEXT}`),
  },
  'update --report that is a file': {
    args: update('list.csv', '--apply', '--report', 'note.txt'),
    error: PREFIX('update', '--report note.txt is a file, not a folder.'),
  },
  'update --report under a file': {
    args: update('list.csv', '--apply', '--report', 'note.txt/out'),
    error: PREFIX('update', '--report note.txt/out: note.txt is a file, not a folder.'),
  },
  'update --report holding an applied run': {
    args: update('list.csv', '--apply', '--report', 'applied'),
    error: PREFIX(
      'update',
      '--report applied already holds an applied update (run.json): choose a new folder, or use --resume/--retry-failed/--revert on it.',
    ),
  },
  'update FILE inside --report where preview.csv goes': {
    args: update('preview/preview.csv', '--dry-run', '--report', 'preview'),
    error: PREFIX(
      'update',
      'preview/preview.csv would be overwritten by the preview.csv update writes in --report preview: move it out of that folder.',
    ),
  },
  '--retry-failed a folder without a run': {
    args: update('--retry-failed', 'run-none'),
    error: PREFIX('update', '--retry-failed run-none holds no update run (it has no run.json).'),
  },
  '--retry-failed a missing folder': {
    args: update('--retry-failed', 'missing'),
    error: PREFIX('update', '--retry-failed missing: no such folder.'),
  },
  '--revert a file': {
    args: update('--revert', 'note.txt'),
    error: PREFIX('update', '--revert note.txt is a file, not a folder.'),
  },
  '--retry-failed with FILE': {
    args: update('list.csv', '--retry-failed', 'applied'),
    error: PREFIX('update', 'Use --resume DIR, --retry-failed DIR or --revert DIR alone.'),
  },
  '--retry-failed with --revert': {
    args: update('--retry-failed', 'applied', '--revert', 'applied'),
    error: PREFIX('update', 'Use --resume DIR, --retry-failed DIR or --revert DIR alone.'),
  },
  '--retry-failed with --apply': {
    args: update('--retry-failed', 'applied', '--apply'),
    error: PREFIX('update', "--retry-failed reuses the run's own settings: drop --apply."),
  },
  '--revert with --batch-size': {
    args: update('--revert', 'applied', '--batch-size', '5'),
    error: PREFIX('update', "--revert reuses the run's own settings: drop --batch-size."),
  },
  // Damaged run files: the run cannot go on (1), and nothing is sent or changed
  // (decision 012: run files are trusted only when intact).
  '--retry-failed a run whose run.json is not JSON': {
    args: update('--retry-failed', 'run-bad'),
    error: (dir) => PREFIX('update', `${dir}/run-bad/run.json is not JSON: ${UNTRUSTED}`),
    code: 1,
  },
  '--revert a run whose planned rows are cut short': {
    args: update('--revert', 'run-cut'),
    error: (dir) =>
      PREFIX(
        'update',
        `${dir}/run-cut/planned.jsonl is damaged at line 2 (cut short): ${UNTRUSTED}`,
      ),
    code: 1,
  },
  '--retry-failed a run that lost planned rows': {
    args: update('--retry-failed', 'run-short'),
    error: (dir) =>
      PREFIX(
        'update',
        `${dir}/run-short/run.json was written by an older version and planned.jsonl holds 1 rows where 2 were planned, so the run cannot be trusted: nothing was sent. Preview the list again and apply a new update; its backup (${RUN}.jsonl) is still in the folder.`,
      ),
    code: 1,
  },
};

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ prospects: 20, companies: [], leads: 0 });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

describe('prospect-desk refuses bad invocations in one line, touching nothing', () => {
  it('has a row for every mistake worth one', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(60);
  });

  const posix = process.platform !== 'win32';
  it.each(Object.entries(CASES).filter(([, c]) => posix || !c.posixOnly))(
    '%s',
    async (_name, testCase) => {
      await withTempDir(async (dir) => {
        await seed(dir);
        await testCase.setup?.(dir);
        const before = await tree(dir);
        const run = capture({ WP_KEY: sandbox.keys.woodpecker, PROSPECT_DESK_DATA_DIR: dir }, dir);
        const args = testCase.args.map((a) => (a === 'SANDBOX' ? sandbox.url : a));

        const code = await runCli(args, run.io);

        const error = typeof testCase.error === 'function' ? testCase.error(dir) : testCase.error;
        expect(run.stderr()).toBe(`${error}\n`);
        expect(code).toBe(testCase.code ?? 2);
        expect(run.stdout()).toBe('');
        expect(sandbox.log.map((e) => `${e.method} ${e.path}`)).toEqual([]);
        expect(await tree(dir)).toEqual(before);
      });
    },
  );
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The files every case starts from. */
async function seed(dir: string): Promise<void> {
  const file = (path: string, data: string | Buffer) => writeFile(join(dir, path), data);
  await file('list.csv', 'email,first_name\nana@example.com,Ana\n');
  await file('ids.csv', 'id\n101\n102\n');
  await file('bad-values.csv', 'email\nana@example.com\nnot an email\n');
  await file('empty.csv', '');
  await file('blank.csv', '\n  \n\n');
  await file('photo.png', Buffer.concat([PNG, Buffer.alloc(256, 3)]));
  await file('book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]));
  await file('note.txt', 'a file, not a folder\n');
  for (const folder of ['folder', 'exports.csv', 'backups', 'old.manifest.json', 'run-none']) {
    await mkdir(join(dir, folder));
  }
  await file(`backups/${DEL}.jsonl`, '{"id":1,"email":"ana@example.com"}\n');
  if (process.platform !== 'win32') {
    await symlink('list.csv', join(dir, 'link.csv'));
    await symlink('/dev/null', join(dir, 'null-device'));
  }
  await link(join(dir, 'list.csv'), join(dir, 'hard.csv'));
  await mkdir(join(dir, 'preview'));
  await file('preview/preview.csv', 'email,first_name\nana@example.com,Ana\n');

  const planned = [1, 2].map((row) => ({
    row,
    email: `p${row}@example.com`,
    kind: 'changed',
    prospectId: row,
    update: { email: `p${row}@example.com`, first_name: 'New' },
    changes: [{ field: 'first_name', old: 'Old', new: 'New', flags: [] }],
  }));
  const lines = planned.map((p) => `${JSON.stringify(p)}\n`);
  const outcomes = planned.map(
    (p) =>
      `${JSON.stringify({ row: p.row, email: p.email, prospectId: p.row, outcome: 'failed', code: 'X', message: 'x' })}\n`,
  );
  const runJson = JSON.stringify({
    version: 1,
    runId: RUN,
    createdAt: '2026-12-07T10:15:00.000Z',
    connection: { id: 'cli-0000000000000000', label: 'x', kind: 'woodpecker' },
    list: 'list.csv',
    fileName: 'Q4',
    batchSize: 20_000,
    backupCount: 0,
    plannedCount: 2,
    counts: { added: 0, updated: 0, unchanged: 0, invalid: 0, failed: 2, unknown: 0 },
    requests: 1,
  });
  const runFolder = async (name: string, files: Record<string, string>) => {
    await mkdir(join(dir, name));
    for (const [path, text] of Object.entries(files)) await file(`${name}/${path}`, text);
  };
  await runFolder('applied', {
    'run.json': runJson,
    'planned.jsonl': lines.join(''),
    'outcomes.jsonl': outcomes.join(''),
  });
  await runFolder('run-bad', {
    'run.json': 'not json',
    'planned.jsonl': lines.join(''),
    'outcomes.jsonl': outcomes.join(''),
  });
  await runFolder('run-cut', {
    'run.json': runJson,
    'planned.jsonl': lines[0]! + lines[1]!.slice(0, 20),
    'outcomes.jsonl': outcomes.join(''),
  });
  await runFolder('run-short', {
    'run.json': runJson,
    'planned.jsonl': lines[0]!,
    'outcomes.jsonl': outcomes.join(''),
  });
}

/**
 * Every name under `root` with its kind and content: small files by hash,
 * large ones (the sparse 257 MB file) by size, inode and mtime.
 */
async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (relative: string): Promise<void> => {
    for (const name of (await readdir(join(root, relative))).sort()) {
      const path = join(relative, name);
      const full = join(root, path);
      const stats = await lstat(full);
      if (stats.isSymbolicLink()) out[path] = `link → ${await readlink(full)}`;
      else if (stats.isDirectory()) {
        out[`${path}/`] = 'folder';
        await walk(path);
      } else if (stats.size <= 1 << 20) {
        out[path] = createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
      } else out[path] = `${stats.size} bytes, inode ${stats.ino}, mtime ${stats.mtimeMs}`;
    }
  };
  await walk('');
  return out;
}
