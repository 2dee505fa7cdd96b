import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../../src/shared/import/parse-records';

// The csv-spectrum npm package: CSV files and the JSON each should parse to.
const root = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
const cases = readdirSync(join(root, 'csvs'))
  .filter((file) => file.endsWith('.csv'))
  .map((file) => file.slice(0, -4))
  .sort();

async function parseAsObjects(name: string, chunkBytes?: number) {
  const bytes = readFileSync(join(root, 'csvs', `${name}.csv`));
  const parsed = await parseBytes(bytes, chunkBytes ? { chunkBytes } : {});
  const objects = parsed.records.map((record) =>
    Object.fromEntries(parsed.header.map((name, i) => [name, record[i]])),
  );
  return { parsed, objects };
}

function expectedJson(name: string): unknown {
  return JSON.parse(readFileSync(join(root, 'json', `${name}.json`), 'utf8'));
}

describe('csv-spectrum', () => {
  it('has the cases this suite was written for', () => {
    expect(cases).toEqual([
      'comma_in_quotes',
      'empty',
      'empty_crlf',
      'escaped_quotes',
      'json',
      'location_coordinates',
      'newlines',
      'newlines_crlf',
      'quotes_and_newlines',
      'simple',
      'simple_crlf',
      'utf8',
    ]);
  });

  for (const name of cases.filter((c) => c !== 'location_coordinates')) {
    it(`parses ${name} to its JSON, whole and in 1-byte chunks`, async () => {
      for (const chunkBytes of [undefined, 1]) {
        const { parsed, objects } = await parseAsObjects(name, chunkBytes);
        expect(objects).toEqual(expectedJson(name));
        expect(parsed.problems).toEqual([]);
      }
    });
  }

  // location_coordinates' expected JSON does not describe its CSV:
  // - the phone number is 1234567890 in the JSON but 2095257564 in the CSV;
  // - the JSON is a bare object, not an array of rows like every other case;
  // - both files hold U+FFFD (EF BF BD) where degree signs were lost before the
  //   files were committed, so the replacement characters are real data here.
  // We check the CSV's actual content, and that everything except the phone
  // number agrees with the JSON. The unquoted cell also contains quotes
  // (`37.8"N`), which RFC 4180 forbids and we keep as literal characters, as
  // Excel does.
  it('parses location_coordinates to what its CSV says (its JSON is known to be wrong)', async () => {
    const { parsed, objects } = await parseAsObjects('location_coordinates');
    const expected = expectedJson('location_coordinates') as Record<string, string>;
    expect(Array.isArray(expected)).toBe(false);
    expect(expected['Contact Phone Number']).toBe('1234567890');

    expect(objects).toEqual([
      {
        'Contact Phone Number': '2095257564',
        'Location Coordinates': `37\ufffd36'37.8"N 121\ufffd2'17.9"W`,
        Cities: 'Modesto',
        Counties: 'Stanislaus',
      },
    ]);
    expect({ ...objects[0], 'Contact Phone Number': '1234567890' }).toEqual(expected);
    // The U+FFFD bytes are valid UTF-8, so no "invalid bytes" problem.
    expect(parsed.encoding.encoding).toBe('utf-8');
    expect(parsed.problems).toEqual([]);
  });
});
