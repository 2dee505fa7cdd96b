/**
 * The prospect fields a spreadsheet column can be imported into: `email` plus
 * every field `add_prospects_list` accepts (../shared/api-docs/woodpecker-v1-update-prospects.txt).
 */
import { SNIPPET_FIELDS, WRITABLE_PROSPECT_FIELDS } from '../prospect';

/** Importable fields in canonical order (the order row values are kept in). */
export const IMPORT_FIELDS = ['email', ...WRITABLE_PROSPECT_FIELDS] as const;

export type ProspectField = (typeof IMPORT_FIELDS)[number];
export type SnippetField = (typeof SNIPPET_FIELDS)[number];

/** Position of each field in IMPORT_FIELDS: sorts mapped fields into canonical order. */
export const FIELD_ORDER: Readonly<Record<ProspectField, number>> = Object.fromEntries(
  IMPORT_FIELDS.map((field, index) => [field, index]),
) as Record<ProspectField, number>;

/** Labels shown in the mapping UI, in Woodpecker's own wording. */
export const FIELD_LABELS: Readonly<Record<ProspectField, string>> = {
  email: 'Email',
  first_name: 'First name',
  last_name: 'Last name',
  company: 'Company',
  website: 'Website',
  linkedin_url: 'LinkedIn URL',
  tags: 'Tags',
  title: 'Job title',
  phone: 'Phone',
  address: 'Address',
  city: 'City',
  state: 'State',
  country: 'Country',
  industry: 'Industry',
  status: 'Status',
  ...(Object.fromEntries(SNIPPET_FIELDS.map((f, i) => [f, `Snippet ${i + 1}`])) as Record<
    SnippetField,
    string
  >),
};

const FIELD_SET: ReadonlySet<string> = new Set(IMPORT_FIELDS);
const SNIPPET_SET: ReadonlySet<string> = new Set(SNIPPET_FIELDS);

/** Narrows a string (e.g. from a saved preset) to a ProspectField. */
export function isProspectField(value: string): value is ProspectField {
  return FIELD_SET.has(value);
}

/** True for snippet1…snippet15. */
export function isSnippetField(value: string): value is SnippetField {
  return SNIPPET_SET.has(value);
}
