import { describe, expect, it } from 'vitest';
import { sniffDialect } from '../../../src/shared/import/sniff-dialect';
import type { Delimiter } from '../../../src/shared/import/sniff-dialect';

const LINKEDIN_PREAMBLE =
  'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n\n';
const LINKEDIN_HEADER = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On';

function table(delimiter: string, newline = '\n'): string {
  const rows = [
    ['email', 'first name', 'company', 'notes'],
    ['ana@example.com', 'Ana', 'Acme, Inc.', 'likes; pipes | and tabs'],
    ['bo@example.com', 'Bo', 'Globex', ''],
    ['cy@example.com', 'Cy', 'Initech', 'called 2x'],
  ];
  const quote = (c: string) => (c.includes(delimiter) ? `"${c}"` : c);
  return rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline;
}

describe('sniffDialect', () => {
  it.each<Delimiter>([',', ';', '\t', '|'])('finds the delimiter %j', (delimiter) => {
    const dialect = sniffDialect(table(delimiter), { complete: true });
    expect(dialect.delimiter).toBe(delimiter);
    expect(dialect.headerRow).toBe(0);
    expect(dialect.quoteChar).toBe('"');
    expect(dialect.confidence.delimiter).toBeGreaterThan(0.5);
    expect(dialect.confidence.headerRow).toBeGreaterThan(0.8);
  });

  it('finds each line ending, and calls several kinds mixed', () => {
    expect(sniffDialect(table(',', '\r\n'), { complete: true }).lineEnding).toBe('\r\n');
    expect(sniffDialect(table(',', '\n'), { complete: true }).lineEnding).toBe('\n');
    expect(sniffDialect(table(',', '\r'), { complete: true }).lineEnding).toBe('\r');
    const mixed = sniffDialect('a,b\r\n1,2\n3,4\r5,6\r\n', { complete: true });
    expect(mixed.lineEnding).toBe('mixed');
    expect(mixed.confidence.lineEnding).toBeLessThan(1);
  });

  it('ignores line breaks inside quoted cells when choosing the line ending', () => {
    const text = 'a,b\r\n"line one\nline two\nline three",2\r\n"x\ny",3\r\n';
    expect(sniffDialect(text, { complete: true }).lineEnding).toBe('\r\n');
  });

  it("skips LinkedIn Connections' Notes preamble to the real header", () => {
    const text = `${LINKEDIN_PREAMBLE}${LINKEDIN_HEADER}\nAna,García,https://www.linkedin.com/in/ana,,Acme,CEO,01 Jan 2024\nBo,Li,https://www.linkedin.com/in/bo,bo@x.com,"Globex, Inc.",CTO,02 Feb 2024\n`;
    const dialect = sniffDialect(text, { complete: true });
    expect(dialect.delimiter).toBe(',');
    expect(dialect.headerRow).toBe(3);
    expect(dialect.confidence.headerRow).toBeGreaterThan(0.8);
  });

  it("follows Excel's sep= hint line", () => {
    const dialect = sniffDialect('sep=;\nname;city\nAna;Paris, France\n', { complete: true });
    expect(dialect).toMatchObject({ delimiter: ';', headerRow: 1 });
    expect(dialect.confidence.delimiter).toBe(1);
  });

  it('uses what it is given and is sure of it', () => {
    const dialect = sniffDialect(table(';'), {
      complete: true,
      delimiter: ';',
      lineEnding: '\n',
      headerRow: 2,
    });
    expect(dialect).toMatchObject({ delimiter: ';', lineEnding: '\n', headerRow: 2 });
    expect(dialect.confidence).toEqual({ delimiter: 1, lineEnding: 1, headerRow: 1 });
  });

  it('finds the header with the delimiter the user chose', () => {
    const text = 'Export of 2024-01-01\nname|city\nAna|Paris\nBo|Lyon\n';
    expect(sniffDialect(text, { complete: true, delimiter: '|' }).headerRow).toBe(1);
  });

  it('falls back to comma with low confidence for a single column', () => {
    const dialect = sniffDialect('email\na@x.com\nb@x.com\n', { complete: true });
    expect(dialect).toMatchObject({ delimiter: ',', headerRow: 0 });
    expect(dialect.confidence.delimiter).toBeLessThan(0.5);
  });

  it('ignores a last line cut by the end of the sample', () => {
    const text = `${table(';')}dy@example.com;D`;
    expect(sniffDialect(text, { complete: false }).delimiter).toBe(';');
  });

  it('prefers the delimiter that gives a consistent table over one that appears once per row', () => {
    const rows = ['name,phone,tags'];
    for (let i = 0; i < 20; i++) rows.push(`P${i},+1 555 ${i},a|b${i === 3 ? ',extra' : ''}`);
    expect(sniffDialect(rows.join('\n'), { complete: true }).delimiter).toBe(',');
  });
});
