/**
 * Prospects whose values start with every character the CSV formula guard
 * covers (docs/decisions/003-formula-safe-csv.md), and values that genuinely
 * start with an apostrophe. Added to a sandbox account through the API by the
 * round-trip tests: an export of the account, imported unchanged, must read
 * back exactly (0 changes), and a restore must send exactly these values.
 *
 * Only fields whose import normalisation keeps such a value as it is (names,
 * snippets, phones, emails); tags and URLs have their own canonical forms.
 */
export const FORMULA_PROSPECTS: readonly ({ email: string } & Record<string, string>)[] = [
  {
    email: '-ops@example.com',
    first_name: '-Ana',
    last_name: '@Lee',
    company: '=HYPERLINK("http://example.com","click")',
    title: '+cmd|" /C calc"!A0',
    snippet1: '-5% churn since Q2',
    snippet2: '@channel update',
  },
  {
    email: '+ops@example.com',
    first_name: '\ufe62Bo',
    last_name: '\ufe63Ng',
    company: '\ufe66SUM(1,2)',
    title: '\u2212Lead',
    city: '\uff1dTown',
    state: '\uff0bState',
    country: '\uff0dLand',
    industry: '\uff20Industry',
    phone: '\ufe6248 600 700 800',
    snippet1: '\u2212 5 points since Q2',
  },
  {
    email: '=ops@example.com',
    first_name: '\u200bZed',
    last_name: '\u200cMa',
    company: '\u200dCo',
    title: '\u2060CTO',
    snippet1: '\ufeffBOM first',
    snippet2: '\u3000全角スペースで始まる',
    snippet3: '\u000bvertical tab',
    snippet4: '\u000cform feed',
    snippet5: '\tTabbed',
  },
  {
    email: 'apostrophes@example.com',
    first_name: "'Tis",
    last_name: "'90s",
    company: "'=not a formula",
    title: "''-two apostrophes",
    city: "O'Fallon",
    phone: '+1 (555) 010-9999',
    snippet1: "'@quoted on purpose",
    snippet2: "'\ufe66 apostrophe, then small equals",
  },
];
