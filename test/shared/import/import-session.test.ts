import { describe, expect, it } from 'vitest';
import { ImportSession } from '../../../src/shared/import/import-session';
import { ImportError } from '../../../src/shared/import/import-error';
import { ROW_DROPPED, ROW_DUPLICATE, ROW_INVALID } from '../../../src/shared/import/session-types';

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const start = (bytes: Uint8Array, size = 7) =>
  ImportSession.start(chunks(bytes, size), { fileName: 'test.csv', totalBytes: bytes.length });

const LINKEDIN = [
  'Notes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing."',
  '',
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  'Zoë,Łukasz,https://www.linkedin.com/in/zoe,zoe@example.com,"Acme, Inc.",CEO,01 Jan 2024',
  'Bo,Ng,https://www.linkedin.com/in/bo,,Beta,"Head of\nSales",02 Jan 2024',
  'Zoe,Again,https://www.linkedin.com/in/zoe2,ZOE@example.com,Acme,CTO,03 Jan 2024',
].join('\r\n');

describe('ImportSession', () => {
  it('skips a preamble, maps LinkedIn headers, validates and flags duplicates', async () => {
    const session = start(utf8(LINKEDIN));
    const summary = await session.done;
    expect(summary.detection).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      headerRow: 3,
      lineEnding: '\r\n',
    });
    expect(summary.headers[3]).toBe('Email Address');
    const fields = Object.fromEntries(summary.mapping.columns.map((c) => [c.header, c.field]));
    expect(fields).toMatchObject({
      'First Name': 'first_name',
      'Email Address': 'email',
      URL: 'linkedin_url',
    });
    expect(summary).toMatchObject({ rows: 3, invalid: 1, duplicates: 1, duplicateGroups: 1 });
    const all = session.query({ filter: 'all' }, 0, 10);
    // Source lines: the multi-line cell makes the third record start on line 8.
    expect(all.rows.map((r) => r.line)).toEqual([5, 6, 8]);
    expect(all.rows[0]?.cells[0]).toBe('Zoë');
    expect(all.rows[1]?.errors[0]).toMatchObject({ code: 'missing-email', row: 6 });
    expect(all.rows[0]!.flags & ROW_DUPLICATE).toBe(ROW_DUPLICATE);
    expect(session.query({ filter: 'errors' }, 0, 10).total).toBe(1);
  });

  it('re-validates an edited row and resolves duplicates', async () => {
    const session = start(utf8(LINKEDIN));
    await session.done;
    const fixed = session.editRow(1, [
      'Bo',
      'Ng',
      'https://www.linkedin.com/in/bo',
      'bo@example.com',
      'Beta',
      'Head',
      'x',
    ]);
    expect(fixed.errors).toEqual([]);
    expect(session.summary()).toMatchObject({ invalid: 0, valid: 3 });
    const { summary } = session.resolveDuplicates('keep-last');
    expect(summary).toMatchObject({ duplicates: 0, dropped: 1, valid: 2 });
    expect(session.query({ filter: 'all' }, 0, 1).rows[0]!.flags & ROW_DROPPED).toBe(ROW_DROPPED);
    const csv = [
      ...session.exportChunks(null, { format: 'csv', columns: 'prospect-fields', validOnly: true }),
    ].join('');
    expect(csv).toContain('ZOE@example.com');
    expect(csv).not.toContain('zoe@example.com');
    // A removed duplicate never leaves, even when rows with errors are exported.
    const everything = [...session.exportChunks(null, { format: 'json', columns: 'source' })].join(
      '',
    );
    expect(JSON.parse(everything)).toHaveLength(2);
    expect(everything).not.toContain('zoe@example.com');
  });

  it('keeps duplicate groups right as rows are edited into and out of them', async () => {
    const rows = ['email,first_name', 'a@x.io,A', 'b@x.io,B', 'A@X.IO,C', 'c@x.io,D'];
    const session = start(utf8(rows.join('\n')));
    await session.done;
    const dup = (i: number) =>
      (session.query({ filter: 'all' }, i, 1).rows[0]!.flags & ROW_DUPLICATE) !== 0;
    expect(session.duplicateGroups()).toEqual([{ email: 'a@x.io', lines: [2, 4] }]);
    // Row 0 leaves the group: row 2 alone is no longer a duplicate.
    session.editRow(0, ['z@x.io', 'A']);
    expect(session.duplicateGroups()).toEqual([]);
    expect([0, 1, 2, 3].map(dup)).toEqual([false, false, false, false]);
    // Row 3 joins row 2's email, then row 0 comes back in front of both.
    session.editRow(3, [' a@X.io', 'D']);
    session.editRow(0, ['a@x.io', 'A']);
    expect(session.duplicateGroups()).toEqual([{ email: 'a@x.io', lines: [2, 4, 5] }]);
    expect(session.summary()).toMatchObject({ duplicates: 2, duplicateGroups: 1 });
    // Row 0 leaves again; rows 2 and 3 still share the email.
    session.editRow(0, ['y@x.io', 'A']);
    expect(session.duplicateGroups()).toEqual([{ email: 'a@x.io', lines: [4, 5] }]);
    session.editRow(2, ['b@x.io', 'C']);
    expect(session.duplicateGroups()).toEqual([{ email: 'b@x.io', lines: [3, 4] }]);
    expect([0, 1, 2, 3].map(dup)).toEqual([false, true, true, false]);
  });

  it('detects Windows-1252, semicolons and CR-only line endings', async () => {
    const text = 'Vorname;Nachname;E-Mail-Adresse;Firma\rJürgen;Groß;j@example.de;Café €\r';
    const session = start(Uint8Array.from(Buffer.from(text.replace('€', '\x80'), 'latin1')), 5);
    const summary = await session.done;
    expect(summary.detection).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      lineEnding: '\r',
    });
    expect(session.query({ filter: 'all' }, 0, 1).rows[0]?.cells).toEqual([
      'Jürgen',
      'Groß',
      'j@example.de',
      'Café €',
    ]);
  });

  it('keeps the good rows of a file with an unclosed quote and ragged rows', async () => {
    const text =
      'email,first_name\na@example.com,Ann\nb@example.com,Bo,extra\nc@example.com,"Cy\nd@example.com,Di\n';
    const session = start(utf8(text));
    const summary = await session.done;
    expect(summary.problems.map((p) => [p.code, p.line])).toEqual([
      ['ragged', 3],
      ['unclosed-quote', 4],
    ]);
    const emails = session.query({ filter: 'all' }, 0, 10).rows.map((r) => r.cells[0]);
    // The row whose quote never closes is left out (and reported); reading resumes after it.
    expect(emails).toEqual(['a@example.com', 'b@example.com', 'd@example.com']);
  });

  it('shows rows while the file is still loading', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `p${i}@example.com,Name ${i}`).join('\n');
    const session = start(utf8(`email,first_name\n${rows}\n`), 64 * 1024);
    const ready = await session.ready;
    expect(ready.rows).toBeGreaterThan(0);
    const done = await session.done;
    expect(done.rows).toBe(30_000);
    expect(done.valid).toBe(30_000);
  });

  it('rejects an Excel workbook and an empty file with a typed error', async () => {
    await expect(start(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0])).done).rejects.toMatchObject({
      code: 'xlsx',
    });
    await expect(start(new Uint8Array(0)).done).rejects.toBeInstanceOf(ImportError);
    await expect(start(Uint8Array.from([0xef, 0xbb, 0xbf])).done).rejects.toMatchObject({
      code: 'empty',
    });
  });

  it('cancels', async () => {
    const controller = new AbortController();
    controller.abort();
    const session = ImportSession.start(chunks(utf8(LINKEDIN), 4), {
      fileName: 'x.csv',
      totalBytes: null,
      signal: controller.signal,
    });
    await expect(session.done).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('round-trips through serialize and fromSaved', async () => {
    const session = start(utf8(LINKEDIN));
    await session.done;
    session.resolveDuplicates('keep-first');
    const saved = session.serialize();
    const meta = {
      ...session.toListMetaInput('LinkedIn'),
      id: 'l1',
      importedAt: '',
      updatedAt: '',
      bytes: 0,
    };
    const restored = ImportSession.fromSaved(meta, saved.rows, saved.offsets);
    await restored.done;
    expect(restored.summary()).toMatchObject({ rows: 3, dropped: 1, invalid: 1 });
    expect(restored.query({ filter: 'all' }, 0, 3).rows.map((r) => r.cells)).toEqual(
      session.query({ filter: 'all' }, 0, 3).rows.map((r) => r.cells),
    );
    expect(restored.query({ filter: 'errors' }, 0, 3).rows[0]!.flags & ROW_INVALID).toBe(
      ROW_INVALID,
    );
  });
});
