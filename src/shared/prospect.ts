/**
 * The prospect domain model: the fields Woodpecker stores for a prospect,
 * named as its API names them (../shared/api-docs/woodpecker-v1-*.txt).
 */

export const PROSPECT_STATUSES = ['ACTIVE', 'BLACKLIST', 'BOUNCED', 'INVALID', 'REPLIED'] as const;
export type ProspectStatus = (typeof PROSPECT_STATUSES)[number];

export const SNIPPET_FIELDS = [
  'snippet1',
  'snippet2',
  'snippet3',
  'snippet4',
  'snippet5',
  'snippet6',
  'snippet7',
  'snippet8',
  'snippet9',
  'snippet10',
  'snippet11',
  'snippet12',
  'snippet13',
  'snippet14',
  'snippet15',
] as const;

/** Fields that can be written with `add_prospects_list` (besides `email`). */
export const WRITABLE_PROSPECT_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'website',
  'linkedin_url',
  'tags',
  'title',
  'phone',
  'address',
  'city',
  'state',
  'country',
  'industry',
  'status',
  ...SNIPPET_FIELDS,
] as const;

export type WritableProspectField = (typeof WRITABLE_PROSPECT_FIELDS)[number];
export type ProspectFields = Partial<Record<WritableProspectField, string>>;

/** A prospect as we keep it locally (wire quirks such as `last replied` normalised). */
export interface Prospect extends ProspectFields {
  id: number;
  email: string;
  status: ProspectStatus | string;
  organization_id?: number | null;
  last_contacted?: string | null;
  last_replied?: string | null;
  updated?: string | null;
  encrypted?: boolean;
  snippet_labels?: Record<string, string>;
}

/** Columns of a prospect export, in order. */
export const PROSPECT_EXPORT_COLUMNS = [
  'id',
  'email',
  ...WRITABLE_PROSPECT_FIELDS,
  'last_contacted',
  'last_replied',
  'updated',
] as const;
