import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROSPECT_ROWS, writeProspectsCsv } from './support/prospects-csv';
import { cliCommand, expect, runApp, test } from './support/launch';

// The command-line tool inside the app's own binary (`--cli`): what installed
// apps run, where the OS keychain can decrypt saved keys. No window, no lock.

/** Generous: a cold Electron start on a CI machine, for a process that then exits. */
const CLI_TIMEOUT_MS = 60_000;

test('`--cli --help` prints the usage and exits 0', async ({ tempDir }) => {
  const dataDir = join(tempDir, 'data');
  await mkdir(dataDir);
  const result = await runApp(cliCommand(dataDir, ['--help']), CLI_TIMEOUT_MS);
  expect(result.code, `stderr:\n${result.stderr}`).toBe(0);
  expect(result.stdout).toContain('Usage: prospect-desk');
});

test('`--cli check` reads a spreadsheet headless and writes the report and the clean CSV', async ({
  tempDir,
}) => {
  const dataDir = join(tempDir, 'data');
  await mkdir(dataDir);
  const csv = await writeProspectsCsv(tempDir);
  const report = join(tempDir, 'report.json');
  const out = join(tempDir, 'normalized.csv');

  const result = await runApp(
    cliCommand(dataDir, ['check', csv, '--out', out, '--report', report]),
    CLI_TIMEOUT_MS,
  );
  expect(result.code, `stderr:\n${result.stderr}`).toBe(0);
  // stdout's last line is the summary, one JSON object.
  const summary: unknown = JSON.parse(result.stdout.trim().split(/\r?\n/).at(-1) ?? '');
  expect(summary).toMatchObject({ rows: 3, valid: 3, invalid: 0, duplicates: 0, delimiter: ',' });

  const written: unknown = JSON.parse(await readFile(report, 'utf8'));
  expect(written).toMatchObject({
    file: csv,
    rows: 3,
    valid: 3,
    invalid: 0,
    duplicates: 0,
    cellProblems: [],
    fileProblems: [],
  });
  const normalized = await readFile(out, 'utf8');
  for (const [email] of PROSPECT_ROWS) expect(normalized).toContain(email);
});
