import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { withTempDir } from '../support/temp-dir';
import { capture as captureIo } from './capture';

const capture = (dir: string) => captureIo({ PROSPECT_DESK_DATA_DIR: dir }, dir);

/** A HubSpot-style export saved by Excel on Windows: semicolons, Windows-1252, CRLF. */
const HUBSPOT = [
  'First Name;Last Name;Email;Job Title;Company Name;Contact Owner;Status',
  'Zoë;Müller;zoe@example.de;CEO;Müller GmbH;rep@ourteam.com;ACTIVE',
  'Ana;Pérez;ana@example.es;CTO;Pérez SL;rep@ourteam.com;replied',
  'Bad;Email;not-an-email;Intern;X;rep@ourteam.com;ACTIVE',
  'Zoe;Mueller;ZOE@example.de;Chief;Müller GmbH;rep@ourteam.com;ACTIVE',
  'Carl;Status;carl@example.com;COO;Y;rep@ourteam.com;MAYBE',
].join('\r\n');

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('prospect-desk check', () => {
  it('runs the import pipeline headless and writes normalized.csv and report.json', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'hubspot.csv'), latin1(HUBSPOT));
      const run = capture(dir);
      const code = await runCli(
        ['check', 'hubspot.csv', '--out', 'normalized.csv', '--report', 'report.json'],
        run.io,
      );
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      const summary = JSON.parse(run.stdout()) as Record<string, unknown>;
      expect(summary).toMatchObject({
        rows: 5,
        invalid: 2,
        valid: 3,
        duplicates: 1,
        encoding: 'windows-1252',
        delimiter: ';',
        mapping: { 'First Name': 'first_name', Email: 'email', 'Job Title': 'title' },
      });
      // The owner column holds our own users' emails: never the prospect's.
      expect((summary.mapping as Record<string, string>)['Contact Owner']).toBeUndefined();

      const csv = await readFile(join(dir, 'normalized.csv'), 'utf8');
      const [header, ...lines] = csv.trimEnd().split('\r\n');
      expect(header?.split(',')).toContain('email');
      expect(header?.split(',')).toContain('first_name');
      // Valid rows only, the second zoe@ dropped (keep-first), accents decoded.
      expect(lines).toHaveLength(2);
      expect(csv).toContain('Zoë');
      expect(csv).not.toContain('not-an-email');

      const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as {
        cellProblems: { row: number; column: string; code: string }[];
        duplicateGroups: { email: string; lines: number[] }[];
      };
      expect(report.cellProblems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 4, column: 'Email', code: 'invalid-email' }),
          expect.objectContaining({ row: 6, column: 'Status', code: 'invalid-status' }),
        ]),
      );
      expect(report.duplicateGroups).toEqual([{ email: 'zoe@example.de', lines: [2, 5] }]);
    });
  });

  it('refuses an Excel workbook with a message that says what to do', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'book.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]));
      const run = capture(dir);
      const code = await runCli(
        ['check', 'book.csv', '--out', 'n.csv', '--report', 'r.json'],
        run.io,
      );
      expect(code).not.toBe(0);
      expect(run.stderr()).toMatch(/CSV/);
      expect(run.stdout()).toBe('');
    });
  });

  it('explains usage mistakes', async () => {
    await withTempDir(async (dir) => {
      for (const args of [
        ['check'],
        ['check', 'x.csv'],
        ['check', 'missing.csv', '--out', 'a', '--report', 'b'],
        ['check', 'x.csv', 'y.csv', '--out', 'a', '--report', 'b'],
      ]) {
        const run = capture(dir);
        expect(await runCli(args, run.io), args.join(' ')).not.toBe(0);
        expect(run.stderr().length).toBeGreaterThan(10);
      }
    });
  });
});
