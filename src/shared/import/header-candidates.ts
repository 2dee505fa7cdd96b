/**
 * What each column could be: the candidate fields for one header, from the
 * alias tables, then word-based guesses, refined by the other headers and by
 * sample values when the caller has them. header-mapping.ts then picks one
 * column per field.
 */
import { ENGLISH_ALIASES, type AliasGroup, type Ambiguity } from './header-aliases';
import { LOCALIZED_ALIASES } from './header-aliases-localized';
import { headerKey, headerTokens } from './header-key';
import { normaliseEmail } from './normalise-cell';
import { IMPORT_FIELDS, type ProspectField } from './prospect-fields';
import { checkEmail, isProspectStatus } from './validate-row';

export interface Candidate {
  field: ProspectField;
  score: number;
  confidence: 'exact' | 'alias' | 'guess';
  note?: string;
}

export interface ColumnAnalysis {
  candidates: Candidate[];
  /** Set when the column must stay unmapped (owner emails, salutations …). */
  blocked?: string;
}

interface AliasRule {
  field: ProspectField | null;
  score: number;
  note?: string;
  ambiguity?: Ambiguity;
}

const FIELD_KEYS = new Map<string, ProspectField>(IMPORT_FIELDS.map((f) => [headerKey(f), f]));

/** Every known header key → rule. The first table entry for a key wins (tests keep them unique). */
export const ALIAS_RULES: ReadonlyMap<string, AliasRule> = buildRules([
  ...ENGLISH_ALIASES,
  ...LOCALIZED_ALIASES,
]);

function buildRules(groups: readonly AliasGroup[]): Map<string, AliasRule> {
  const rules = new Map<string, AliasRule>();
  for (const group of groups) {
    const { headers, ...rule } = group;
    for (const header of headers.split('|')) {
      const key = headerKey(header);
      if (key !== '' && !rules.has(key)) rules.set(key, rule);
    }
  }
  // Woodpecker's own names (first_name, linkedin_url, snippet7 …) map exactly.
  for (const [key, field] of FIELD_KEYS) {
    if (!rules.has(key)) rules.set(key, { field, score: 100 });
  }
  return rules;
}

// Word-based guesses for headers no table knows ("Prospect Email", "Work
// Mobile"): every word must be one of the field's words or a harmless
// qualifier, so "Email Status", "Owner Email" or "Company LinkedIn" never guess.
const QUALIFIERS = new Set([
  ...'work business primary main contact prospect lead person personal'.split(' '),
  ...'professional direct office current official your their the of'.split(' '),
]);
const GUESSES: ReadonlyArray<readonly [ProspectField, string, string]> = [
  // field, word combinations (`+` joins words that must all be present), extra qualifiers
  ['email', 'email mail', 'address id'],
  ['first_name', 'first+name firstname given+name forename', ''],
  ['last_name', 'last+name lastname surname family+name', ''],
  ['company', 'company organization organisation employer', 'name'],
  ['website', 'website homepage webpage domain web', 'url link address'],
  ['linkedin_url', 'linkedin', 'url link profile'],
  ['title', 'job+title jobtitle position role designation', 'job'],
  ['phone', 'phone telephone mobile cell tel', 'number no num'],
  ['address', 'address street', 'line'],
  ['city', 'city town', ''],
  ['state', 'state province region', ''],
  ['country', 'country', ''],
  ['industry', 'industry sector', ''],
  ['tags', 'tags tag', ''],
];

function guess(tokens: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  if (tokens.length === 0) return out;
  const secondary = tokens.some((t) => /^\d+$/.test(t) && t !== '1');
  for (const [field, combos, extra] of GUESSES) {
    const words = combos.split(' ').map((c) => c.split('+'));
    const match = words.find((combo) => combo.every((w) => tokens.includes(w)));
    if (!match) continue;
    const allowed = new Set([...match, ...extra.split(' ')]);
    if (!tokens.every((t) => allowed.has(t) || QUALIFIERS.has(t) || /^\d+$/.test(t))) continue;
    out.push({
      field,
      score: secondary ? 25 : 50,
      confidence: 'guess',
      note: `guessed from the header's words`,
    });
  }
  return out;
}

export interface ColumnContext {
  /** headerKey() of every header in the file. */
  keys: ReadonlySet<string>;
  /** Non-empty, trimmed sample values of this column (may be empty). */
  samples: readonly string[];
}

/** The candidate fields of one column. */
export function analyseColumn(header: string, context: ColumnContext): ColumnAnalysis {
  const tokens = headerTokens(header);
  const key = tokens.join('');
  const rule = ALIAS_RULES.get(key);
  if (rule?.field === null) return { candidates: [], blocked: rule.note ?? 'not a prospect field' };
  if (rule) {
    const candidate: Candidate = {
      field: rule.field,
      score: rule.score,
      confidence: FIELD_KEYS.get(key) === rule.field ? 'exact' : 'alias',
      ...(rule.note === undefined ? {} : { note: rule.note }),
    };
    return dropCompanyPages(refine(candidate, rule.ambiguity, context), context);
  }
  const guesses = guess(tokens);
  if (guesses.length > 0) return dropCompanyPages({ candidates: guesses }, context);
  if (looksLikeEmails(tokens, context.samples)) {
    return {
      candidates: [
        {
          field: 'email',
          score: 20,
          confidence: 'guess',
          note: 'values look like email addresses',
        },
      ],
    };
  }
  return { candidates: [] };
}

function refine(
  candidate: Candidate,
  ambiguity: Ambiguity | undefined,
  context: ColumnContext,
): ColumnAnalysis {
  const { samples } = context;
  switch (ambiguity) {
    case 'salutation':
      if (share(samples, isSalutation) >= 0.5) {
        return {
          candidates: [],
          blocked: 'values look like salutations (Mr., Mrs.): Outlook\'s "Title" column',
        };
      }
      return { candidates: [candidate] };
    case 'crm-status':
      if (samples.length > 0 && share(samples, (v) => isProspectStatus(v.toUpperCase())) < 0.5) {
        return {
          candidates: [],
          blocked: `values are not Woodpecker statuses (e.g. "${samples[0]}")`,
        };
      }
      return { candidates: [candidate] };
    case 'url':
      if (context.keys.has('connectedon')) {
        return {
          candidates: [
            {
              field: 'linkedin_url',
              score: 95,
              confidence: 'alias',
              note: "LinkedIn Connections export: URL is the person's profile",
            },
          ],
        };
      }
      if (share(samples, isLinkedInProfile) >= 0.5) {
        return {
          candidates: [
            {
              field: 'linkedin_url',
              score: 95,
              confidence: 'guess',
              note: 'values are LinkedIn profiles',
            },
          ],
        };
      }
      return { candidates: [candidate] };
    case undefined:
      return { candidates: [candidate] };
  }
}

// A LinkedIn column whose values are company pages is not the person's profile.
function dropCompanyPages(analysis: ColumnAnalysis, context: ColumnContext): ColumnAnalysis {
  const { candidates } = analysis;
  if (!candidates.some((c) => c.field === 'linkedin_url')) return analysis;
  if (share(context.samples, isLinkedInCompanyPage) < 0.5) return analysis;
  const rest = candidates.filter((c) => c.field !== 'linkedin_url');
  if (rest.length > 0) return { candidates: rest };
  return { candidates: [], blocked: "values are LinkedIn company pages, not the person's profile" };
}

function share(samples: readonly string[], test: (value: string) => boolean): number {
  if (samples.length === 0) return 0;
  let hits = 0;
  for (const sample of samples) if (test(sample)) hits++;
  return hits / samples.length;
}

// Words in headers of columns that hold someone else's email (your own users').
const NOT_THE_PROSPECT = new Set(
  'owner sender rep user agent assigned created modified manager assistant from by'.split(' '),
);

function looksLikeEmails(tokens: readonly string[], samples: readonly string[]): boolean {
  if (tokens.some((t) => NOT_THE_PROSPECT.has(t))) return false;
  return share(samples, (v) => checkEmail(normaliseEmail(v)) === null) >= 0.8;
}

const SALUTATIONS = new Set(
  (
    'mr mrs ms miss mx dr prof sir madam dame rev herr frau hr fr m mme mlle monsieur madame ' +
    'sr sra srta senor senora don dona sig sigra signor signora dott dottssa ing avv pan pani ' +
    'dhr mevr ra ssa'
  ).split(' '),
);

/** "Mr.", "Mrs", "Dr.", "Herr", "Frau", "M.", "Mme", "Prof. Dr." … */
export function isSalutation(value: string): boolean {
  const tokens = headerTokens(value);
  return tokens.length > 0 && tokens.length <= 3 && tokens.every((t) => SALUTATIONS.has(t));
}

function isLinkedInProfile(value: string): boolean {
  const lower = value.toLowerCase();
  return lower.includes('linkedin.com/in/') || lower.includes('linkedin.com/pub/');
}

function isLinkedInCompanyPage(value: string): boolean {
  return value.toLowerCase().includes('linkedin.com/company/');
}
