import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A small, clean spreadsheet as a rep would export it: UTF-8, commas, a header
 * row the app maps on its own (email, first name, last name, company).
 *
 * Source lines (1-based): 1 header, 2… data; the grid and the CLI report use them.
 */
export const PROSPECT_ROWS = [
  ['ada@example.com', 'Ada', 'Lovelace', 'Analytical Engines'],
  ['grace@example.com', 'Grace', 'Hopper', 'Navy Labs'],
  ['linus@example.com', 'Linus', 'Torvalds', 'Kernel Works'],
] as const;

/** Source line of each row, for assertions on the grid. */
export const PROSPECT_LINE = { ada: 2, grace: 3, linus: 4 } as const;

/** Writes the spreadsheet as `dir/name` and returns its absolute path. */
export async function writeProspectsCsv(dir: string, name = 'prospects.csv'): Promise<string> {
  const lines = [
    'email,first_name,last_name,company',
    ...PROSPECT_ROWS.map((row) => row.join(',')),
  ];
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`, 'utf8');
  return path;
}
