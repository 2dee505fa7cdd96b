import { z } from 'zod';

/**
 * A lead as the Leads API sends it (../shared/api-docs/leads-api-delete-lead.txt).
 * Loose on purpose: backups keep the exact object, so every field we do not
 * know passes through untouched (no transforms on the known ones either).
 */
export const LeadWire = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  status: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
/** A lead: the fields we use, plus every other field exactly as received. */
export type Lead = z.infer<typeof LeadWire>;

export const LeadsPaginationWire = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
});
export type LeadsPagination = z.infer<typeof LeadsPaginationWire>;

/** `GET /api/v1/leads`: `{success, data: {leads, pagination}}`. */
export const LeadsListWire = z.object({
  success: z.literal(true),
  data: z.object({ leads: z.array(LeadWire), pagination: LeadsPaginationWire }),
});

/** `GET` / `PUT /api/v1/leads/{id}`: `{success, data: lead}`. */
export const LeadResponseWire = z.object({ success: z.literal(true), data: LeadWire });

/** `DELETE /api/v1/leads/{id}`: `{success, message, data: {id, deletedAt}}`. */
export const LeadDeleteWire = z.object({
  success: z.literal(true),
  message: z.string().nullish(),
  data: z.object({ id: z.string(), deletedAt: z.string() }),
});
