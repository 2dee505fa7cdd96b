import { z } from 'zod';

/**
 * Wire schemas of the Woodpecker v1 endpoints we call
 * (../shared/api-docs/woodpecker-v1-*.txt). Named for the vendor; the domain
 * shapes live in src/shared/prospect.ts and map.ts converts.
 */

/** Text fields: the docs say string; a number (e.g. a phone) is read as its digits. */
const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .nullish();
const date = z.string().nullish();

/**
 * One prospect of a list answer. Loose: fields that only appear with some
 * query parameters (`interested`, `sent_mails`, …) or that the vendor adds
 * later pass through instead of failing the whole page. Note `last replied`
 * with a space and the legacy `snipet1`–`snipet4` mirrors.
 */
export const WoodpeckerProspectWire = z.looseObject({
  id: z.number().int(),
  email: z.string(),
  status: z.string(),
  first_name: text,
  last_name: text,
  company: text,
  organization_id: z.number().int().nullish(),
  industry: text,
  website: text,
  linkedin_url: text,
  tags: text,
  title: text,
  phone: text,
  address: text,
  city: text,
  state: text,
  country: text,
  last_contacted: date,
  'last replied': date,
  last_replied: date,
  updated: date,
  encrypted: z.boolean().nullish(),
  snipet1: text,
  snipet2: text,
  snipet3: text,
  snipet4: text,
  snippet1: text,
  snippet2: text,
  snippet3: text,
  snippet4: text,
  snippet5: text,
  snippet6: text,
  snippet7: text,
  snippet8: text,
  snippet9: text,
  snippet10: text,
  snippet11: text,
  snippet12: text,
  snippet13: text,
  snippet14: text,
  snippet15: text,
  snippet_labels: z.record(z.string(), z.unknown()).nullish(),
});
export type WoodpeckerProspectWire = z.infer<typeof WoodpeckerProspectWire>;

/** A list page: an array of prospects. */
export const WoodpeckerProspectListWire = z.array(WoodpeckerProspectWire);

/** The current docs' empty list: 200 `{"message": "There are no prospects …"}`. */
export const WoodpeckerEmptyListWire = z.object({ message: z.string() });

/** One row of an update answer: `{email, id}` when saved, plus status/code/msg when not. */
export const WoodpeckerUpdateRowWire = z.looseObject({
  email: z.string(),
  id: z.number().int().nullish(),
  status: z.string().nullish(),
  code: z.string().nullish(),
  msg: z.string().nullish(),
});
export type WoodpeckerUpdateRowWire = z.infer<typeof WoodpeckerUpdateRowWire>;

/**
 * The update answer, both for 200 (all or some saved) and for the 400 "none
 * updated", which carries the same per-prospect rows.
 */
export const WoodpeckerUpdateResponseWire = z.looseObject({
  prospects: z.array(WoodpeckerUpdateRowWire),
  status: z
    .object({ status: z.string(), code: z.string().nullish(), msg: z.string().nullish() })
    .nullish(),
});
export type WoodpeckerUpdateResponseWire = z.infer<typeof WoodpeckerUpdateResponseWire>;
