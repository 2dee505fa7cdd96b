import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/shared/import/import-error';
import { parseBytes, parseFileLike, parseRecords } from '../../../src/shared/import/parse-records';
import { concatBytes, latinBytes, utf16Bytes, utf8Bytes } from './byte-helpers';

const PROSPECTS = [
  ['email', 'first_name', 'last_name', 'company'],
  ['jose@example.com', 'José', 'García', 'Société Générale'],
  ['zoe@example.com', 'Zoë', 'Ødegaard', 'Nordlicht GmbH'],
  ['lukasz@example.com', 'Łukasz', 'Nowak', '東京 Trading'],
];
const PROSPECT_CSV = PROSPECTS.map((r) => r.join(',')).join('\r\n') + '\r\n';

describe('encodings', () => {
  it('reads UTF-8 with and without a BOM the same, BOM stripped', async () => {
    for (const bom of [false, true]) {
      const parsed = await parseBytes(utf8Bytes(PROSPECT_CSV, bom));
      expect(parsed.header).toEqual(PROSPECTS[0]);
      expect(parsed.records).toEqual(PROSPECTS.slice(1));
      expect(parsed.detection).toMatchObject({ encoding: 'utf-8', bom });
    }
  });

  it('reads UTF-16 LE and BE with a BOM', async () => {
    for (const order of ['le', 'be'] as const) {
      const parsed = await parseBytes(utf16Bytes(PROSPECT_CSV, order));
      expect(parsed.detection).toMatchObject({ encoding: `utf-16${order}`, bom: true });
      expect(parsed.header).toEqual(PROSPECTS[0]);
      expect(parsed.records).toEqual(PROSPECTS.slice(1));
      expect(parsed.problems).toEqual([]);
    }
  });

  it('reads Windows-1252 when the bytes are not UTF-8 (é = E9, € = 80, ’ = 92)', async () => {
    const bytes = latinBytes([
      'name,price,note\r\nCaf',
      0xe9,
      ',',
      0x80,
      '5,It',
      0x92,
      's good\r\n',
    ]);
    const parsed = await parseBytes(bytes);
    expect(parsed.detection.encoding).toBe('windows-1252');
    expect(parsed.records).toEqual([['Café', '€5', 'It’s good']]);
  });

  it('decodes UTF-8 exactly when multi-byte characters straddle every chunk boundary', async () => {
    const text = `${PROSPECT_CSV}"😀 emoji, ok",€,ŁŻ,東京\r\n`;
    const bytes = utf8Bytes(text, true);
    const whole = await parseBytes(bytes);
    for (const chunkBytes of [1, 2, 3, 5]) {
      const chunked = await parseBytes(bytes, { chunkBytes });
      expect(chunked.records).toEqual(whole.records);
      expect(chunked.header).toEqual(PROSPECTS[0]);
      expect(chunked.problems).toEqual([]);
    }
    expect(whole.records.at(-1)).toEqual(['😀 emoji, ok', '€', 'ŁŻ', '東京']);
  });

  it('uses the encoding it is given (an override) instead of detecting', async () => {
    const parsed = await parseBytes(utf8Bytes('name\r\nJosé\r\n'), { encoding: 'windows-1252' });
    expect(parsed.encoding.reason).toBe('explicit');
    expect(parsed.records).toEqual([['JosÃ©']]);
  });

  it('reports lines whose bytes are not valid UTF-8 in an otherwise UTF-8 file', async () => {
    const bytes = concatBytes([
      utf8Bytes('name,city\n' + 'Zoë,Malmö\n'.repeat(10)),
      latinBytes(['Ren', 0xe9, ',Paris\n']),
    ]);
    const parsed = await parseBytes(bytes);
    expect(parsed.detection.encoding).toBe('utf-8');
    expect(parsed.records.at(-1)).toEqual(['Ren\ufffd', 'Paris']);
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([['invalid-bytes', 12]]);
    expect(parsed.problems[0]!.message).toContain('Windows-1252');
  });
});

describe('line endings and delimiters', () => {
  const rows = [
    ['a', 'b'],
    ['1', '2'],
    ['3', '4'],
  ];
  it.each([
    ['CRLF', '\r\n', '\r\n'],
    ['LF', '\n', '\n'],
    ['CR only', '\r', '\r'],
  ] as const)('reads %s files', async (_, newline, expected) => {
    const parsed = await parseBytes(utf8Bytes(rows.map((r) => r.join(',')).join(newline)));
    expect(parsed.detection.lineEnding).toBe(expected);
    expect(parsed.records).toEqual(rows.slice(1));
    expect(parsed.lines).toEqual([2, 3]);
  });

  it('reads mixed line endings, even with CRLF split across chunks and pieces', async () => {
    const bytes = utf8Bytes('a,b\r\n1,2\n3,4\r5,6\r\n7,8');
    for (const [chunkBytes, pieceChars] of [
      [1, undefined],
      [4, undefined],
      [100, 1],
      [100, 4],
      [100, 12],
    ]) {
      const parsed = await parseBytes(bytes, { chunkBytes, pieceChars });
      expect(parsed.detection.lineEnding).toBe('mixed');
      expect(parsed.records).toEqual([
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
        ['7', '8'],
      ]);
      expect(parsed.lines).toEqual([2, 3, 4, 5]);
    }
  });

  it.each([',', ';', '\t', '|'])('reads %j-delimited files', async (delimiter) => {
    const text = `name${delimiter}company\nAna${delimiter}"Acme${delimiter} Inc"\nBo${delimiter}Globex\n`;
    const parsed = await parseBytes(utf8Bytes(text));
    expect(parsed.detection.delimiter).toBe(delimiter);
    expect(parsed.records).toEqual([
      ['Ana', `Acme${delimiter} Inc`],
      ['Bo', 'Globex'],
    ]);
  });

  it('keeps multi-line quoted cells whole and numbers source lines past them', async () => {
    const text =
      'email,notes\r\na@x.com,"line 1\nline 2\r\nline 3"\r\nb@x.com,one line\r\n"c@x.com","x\ny"\r\nd@x.com,\r\n';
    for (const chunkBytes of [1, 7, 1000]) {
      const parsed = await parseBytes(utf8Bytes(text), { chunkBytes });
      expect(parsed.records).toEqual([
        ['a@x.com', 'line 1\nline 2\r\nline 3'],
        ['b@x.com', 'one line'],
        ['c@x.com', 'x\ny'],
        ['d@x.com', ''],
      ]);
      expect(parsed.lines).toEqual([2, 5, 6, 8]);
    }
  });

  it('skips blank and trailing empty lines', async () => {
    const parsed = await parseBytes(utf8Bytes('\n\na,b\n1,2\n\n3,4\n\n\n'));
    expect(parsed.headerLine).toBe(3);
    expect(parsed.records).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parsed.lines).toEqual([4, 6]);
    expect(parsed.problems).toEqual([]);
  });
});

describe('headers', () => {
  it("starts after LinkedIn Connections' Notes preamble", async () => {
    const text =
      'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,García,https://www.linkedin.com/in/ana,,"Acme, Inc.",CEO,01 Jan 2024\n';
    const parsed = await parseBytes(utf8Bytes(text));
    expect(parsed.header).toEqual([
      'First Name',
      'Last Name',
      'URL',
      'Email Address',
      'Company',
      'Position',
      'Connected On',
    ]);
    expect(parsed.headerLine).toBe(4);
    expect(parsed.detection.headerRow).toBe(3);
    expect(parsed.records).toEqual([
      ['Ana', 'García', 'https://www.linkedin.com/in/ana', '', 'Acme, Inc.', 'CEO', '01 Jan 2024'],
    ]);
    expect(parsed.lines).toEqual([5]);
  });

  it('names blank header cells "Column N" and renames repeats, and says so', async () => {
    const parsed = await parseBytes(utf8Bytes('Email,,email, Name ,\n1,2,3,4,5\n'));
    expect(parsed.header).toEqual(['Email', 'Column 2', 'email (2)', 'Name', 'Column 5']);
    expect(parsed.problems.map((p) => p.code)).toEqual(['blank-header', 'duplicate-header']);
    expect(parsed.problems[0]!.message).toContain('columns 2, 5');
  });

  it('reads a file that has only a header', async () => {
    const parsed = await parseBytes(utf8Bytes('email,name\r\n'));
    expect(parsed.header).toEqual(['email', 'name']);
    expect(parsed.records).toEqual([]);
  });

  it('takes the header row the user chose', async () => {
    const parsed = await parseBytes(utf8Bytes('title\nemail,name\na@x.com,Ana\n'), {
      dialect: { headerRow: 0 },
    });
    expect(parsed.header).toEqual(['title']);
    expect(parsed.records[0]).toEqual(['email']);
    await expect(
      parseBytes(utf8Bytes('a,b\n1,2\n'), { dialect: { headerRow: 9 } }),
    ).rejects.toMatchObject({ code: 'no-header' });
  });

  it('reads our own files with explicit settings, sniffing nothing', async () => {
    // Sniffing would pick ';' here (it splits every row evenly).
    const text = 'a;x,b\r\n1;y,2\r\n';
    const parsed = await parseBytes(utf8Bytes(text), {
      encoding: 'utf-8',
      dialect: { delimiter: ',', lineEnding: '\r\n', headerRow: 0 },
    });
    expect(parsed.dialect.confidence).toEqual({ delimiter: 1, lineEnding: 1, headerRow: 1 });
    expect(parsed.header).toEqual(['a;x', 'b']);
    expect(parsed.records).toEqual([['1;y', '2']]);
  });
});

describe('malformed input', () => {
  it('keeps the good rows around an unclosed quote and names its line', async () => {
    const text = 'email,name\na@x.com,Ana\nb@x.com,"Bo\nc@x.com,Cy\n';
    const parsed = await parseBytes(utf8Bytes(text));
    expect(parsed.records).toEqual([
      ['a@x.com', 'Ana'],
      ['c@x.com', 'Cy'],
    ]);
    expect(parsed.lines).toEqual([2, 4]);
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([['unclosed-quote', 3]]);
    expect(parsed.problems[0]!.message).toMatch(/^Line 3: a quote/);
  });

  it('gives up on an unclosed quote after maxRecordChars, mid-stream, and reads on', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `r${i}@x.com,Name ${i}`);
    rows[50] = 'bad@x.com,"never closed';
    const bytes = utf8Bytes(`email,name\n${rows.join('\n')}\n`);
    const parsed = await parseBytes(bytes, { chunkBytes: 64, pieceChars: 64, maxRecordChars: 256 });
    expect(parsed.records).toHaveLength(199);
    expect(parsed.records[50]).toEqual(['r51@x.com', 'Name 51']);
    expect(parsed.lines[50]).toBe(53);
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([['unclosed-quote', 52]]);
  });

  it('refuses a file whose header row opens a quote that never closes', async () => {
    const error = await parseBytes(utf8Bytes('"email,name\na,b\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'unclosed-quote', line: 1 });
  });

  it('reads "Bob" Smith the way Excel does instead of swallowing the next rows', async () => {
    const text = 'name,email\n"Bob" Smith,bob@x.com\nAna,ana@x.com\n"Cy",cy@x.com\n';
    const parsed = await parseBytes(utf8Bytes(text));
    expect(parsed.records).toEqual([
      ['Bob Smith', 'bob@x.com'],
      ['Ana', 'ana@x.com'],
      ['Cy', 'cy@x.com'],
    ]);
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([['malformed-quote', 2]]);
  });

  it('pads short rows, cuts long ones, and reports both with their lines', async () => {
    const text = 'a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n1,2,3\n';
    const parsed = await parseBytes(utf8Bytes(text));
    expect(parsed.records).toEqual([
      ['1', '2', ''],
      ['1', '2', '3'],
      ['1', '2', '3'],
      ['1', '2', '3'],
    ]);
    // Trailing empty cells (Excel's "1,2,3,,") are cut silently.
    expect(parsed.problems.map((p) => [p.code, p.line])).toEqual([
      ['ragged', 2],
      ['ragged', 3],
    ]);
    expect(parsed.problems[1]!.message).toBe(
      'Line 3 has 4 cells but the header has 3; the cells after column 3 were left out.',
    );
  });

  it('refuses a line longer than any spreadsheet row', async () => {
    const bytes = utf8Bytes(`a,b\n${'x'.repeat(17 << 20)}`);
    await expect(parseBytes(bytes, { chunkBytes: 4 << 20 })).rejects.toMatchObject({
      code: 'record-too-long',
      line: 2,
    });
  });
});

describe('streaming, progress and cancel', () => {
  it('resolves with the header before the whole file is read, then streams batches', async () => {
    let pulled = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* source() {
      yield utf8Bytes('email,name\n' + 'a@x.com,Ana\n'.repeat(100_000));
      pulled++;
      await gate;
      yield utf8Bytes('z@x.com,Zed\n');
    }
    const progress: number[] = [];
    const parsed = await parseRecords(source(), { onProgress: (p) => progress.push(p.records) });
    expect(parsed.header).toEqual(['email', 'name']);
    expect(pulled).toBe(0);
    release();
    let records = 0;
    let batches = 0;
    for await (const batch of parsed.batches) {
      records += batch.records.length;
      batches++;
      expect(batch.lines).toHaveLength(batch.records.length);
    }
    expect(records).toBe(100_001);
    expect(batches).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(100_001);
    expect(parsed.summary()).toMatchObject({ records: 100_001, done: true, problems: [] });
  });

  it('stops promptly with "cancelled" and closes the source', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          yield utf8Bytes('a@x.com,Ana\n'.repeat(1000));
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      } finally {
        closed = true;
      }
    }
    const controller = new AbortController();
    const parsed = await parseRecords(
      (async function* () {
        yield utf8Bytes('email,name\n');
        yield* endless();
      })(),
      { signal: controller.signal },
    );
    const seen: number[] = [];
    const run = (async () => {
      for await (const batch of parsed.batches) {
        seen.push(batch.records.length);
        if (seen.length === 3) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });

  it('cancels a read that never finishes, and refuses to start when already aborted', async () => {
    const controller = new AbortController();
    const stuck: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }),
    };
    const pending = parseRecords(stuck, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await expect(
      parseRecords((async function* () {})(), { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('turns a failing source into "read-failed" with the cause', async () => {
    async function* failing() {
      yield utf8Bytes('a,b\n1,2\n');
      throw new Error('EIO');
    }
    const error = await parseBytes(new Uint8Array(0)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'empty' });
    const failed = await parseRecords(failing()).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ImportError);
    expect(failed).toMatchObject({ code: 'read-failed' });
    expect((failed as ImportError).cause).toEqual(new Error('EIO'));
  });

  it('reads a Blob, a ReadableStream (File.stream()) and a Node stream alike', async () => {
    const bytes = utf8Bytes(PROSPECT_CSV);
    const collect = async (source: Parameters<typeof parseFileLike>[0]) => {
      const parsed = await parseFileLike(source);
      const rows: string[][] = [];
      for await (const batch of parsed.batches) rows.push(...batch.records);
      return rows;
    };
    const blob = new Blob([bytes]);
    const expected = PROSPECTS.slice(1);
    expect(await collect(blob)).toEqual(expected);
    expect(await collect(blob.stream())).toEqual(expected);
    expect(
      await collect(
        Readable.from([Buffer.from(bytes.subarray(0, 50)), Buffer.from(bytes.subarray(50))]),
      ),
    ).toEqual(expected);
  });
});
