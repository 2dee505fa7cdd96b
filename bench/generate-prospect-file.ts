/**
 * Writes a realistic prospect CSV for the import benchmarks: the shape the
 * numbers in performance-facts.md were measured on. 30 columns (email …
 * snippet15), CRLF rows, LF inside quoted snippets, ~16% of cells quoted,
 * non-ASCII text in most rows; ~650 bytes a row (100k rows ≈ 65 MB).
 *
 * Streams its writes (1M rows ≈ 650 MB is more than one JS string can hold)
 * and is deterministic: the same `rows` always gives the same bytes.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvRecord } from '../src/shared/csv/csv-writer';
import { WRITABLE_PROSPECT_FIELDS } from '../src/shared/prospect';
import { mulberry32 } from '../src/shared/prng';

/** Every importable prospect field: email, then the writable ones (30 columns). */
export const PROSPECT_COLUMNS: readonly string[] = ['email', ...WRITABLE_PROSPECT_FIELDS];

const FIRST = [
  'Ana',
  'José',
  'Zoë',
  'Łukasz',
  'Søren',
  'Chloé',
  'Mia',
  'Jürgen',
  'Noah',
  'Åsa',
  'Ren',
  'Oliver',
];
const LAST = [
  'García',
  'Müller',
  'Smith',
  'Nowak',
  'Dubois',
  'Ødegaard',
  'Brown',
  'Öztürk',
  'Lee',
  'Costa',
];
const COMPANY = [
  'Acme',
  'Globex, Inc.',
  'Initech',
  'Société Générale',
  'Umbrella',
  'Hooli, LLC',
  'Nordlicht GmbH',
  'Zeta',
];
const CITY = [
  'Paris',
  'München',
  'Kraków',
  'São Paulo',
  'Austin',
  'Malmö',
  'Lyon',
  'Berlin',
  'Zürich',
];
const INDUSTRY = ['Software', 'Retail', 'Finance', 'Health care', 'Logistics', 'Éducation'];
const WORDS = [
  'quick',
  'note',
  'about',
  'your',
  'team',
  'growth',
  'café',
  'déjà',
  'vu',
  'résumé',
  'naïve',
  'roadmap',
  'pricing',
  'next',
  'week',
  'call',
  'demo',
  '—',
  'thanks',
];

function prospectRow(i: number, rand: () => number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const ascii = rand() < 0.16; // 84% of rows carry non-ASCII text
  const first = ascii ? 'Noah' : pick(FIRST);
  const last = ascii ? 'Smith' : pick(LAST);
  const company = ascii ? 'Acme' : pick(COMPANY);
  const snippet = (): string => {
    const words: string[] = [];
    const n = 3 + Math.floor(rand() * 4);
    for (let w = 0; w < n; w++) words.push(ascii ? 'note' : pick(WORDS));
    const roll = rand();
    // ~28% of snippets need quotes: a line break, a comma or a quote.
    if (roll < 0.12) return `${words.join(' ')}\n${pick(WORDS)} ${pick(WORDS)}`;
    if (roll < 0.24) return `${words.join(' ')}, ${pick(WORDS)}`;
    if (roll < 0.28) return `"${words.join(' ')}" ${pick(WORDS)}`;
    return words.join(' ');
  };
  const row: Record<string, string> = {
    // Emails are ASCII (what Woodpecker accepts and the import validates);
    // the accents stay in the names.
    email: `${asciiFold(first)}.${asciiFold(last)}${i}@example.com`,
    first_name: first,
    last_name: last,
    company,
    website: `https://www.example-${i % 9973}.com`,
    linkedin_url: `https://www.linkedin.com/in/prospect-${i}`,
    title: rand() < 0.5 ? 'Head of Sales' : 'Directeur général',
    phone: `+33 6 ${String(10_000_000 + (i % 89_999_999)).replace(/(\d{2})(?=\d)/g, '$1 ')}`,
    address: `${1 + (i % 250)} Rue de la Paix`,
    city: ascii ? 'Austin' : pick(CITY),
    state: rand() < 0.5 ? 'Île-de-France' : 'TX',
    country: rand() < 0.5 ? 'France' : 'United States',
    industry: pick(INDUSTRY),
    tags: rand() < 0.3 ? 'vip;q3' : 'lead',
    status: 'ACTIVE',
  };
  return PROSPECT_COLUMNS.map((column) => row[column] ?? snippet());
}

/** Writes `rows` prospects plus the header to `path` (CRLF, UTF-8, no BOM). */
export async function generateProspectFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const rand = mulberry32(20_240_601);
  let buffer = csvRecord(PROSPECT_COLUMNS, { formulaSafe: false });
  for (let i = 0; i < rows; i++) {
    buffer += csvRecord(prospectRow(i, rand), { formulaSafe: false });
    if (buffer.length >= 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** "Jürgen" → "jurgen", "Ødegaard" → "odegaard": what an exporter does to an email. */
function asciiFold(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .replace(/å/gi, 'a')
    .toLowerCase();
}
