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

/**
 * `GET /api/v1/leads?status=…&limit=100`: `{"data": {"leads": [...]}}` is
 * all the docs promise (leads-api-delete-lead.txt), so that is all we
 * require. `success`, when sent, must be true; paging fields are undocumented
 * and read leniently elsewhere (paging.ts), never required here.
 */
export const LeadsListWire = z.looseObject({
  success: z.literal(true).optional(),
  data: z.looseObject({ leads: z.array(LeadWire) }),
});

/**
 * `GET` / `PUT /api/v1/leads/{id}`: the docs read only `data` (the lead);
 * `success`, when sent, must be true.
 */
export const LeadResponseWire = z.object({ success: z.literal(true).optional(), data: LeadWire });

/** `DELETE /api/v1/leads/{id}`: `{success, message, data: {id, deletedAt}}`. */
export const LeadDeleteWire = z.object({
  success: z.literal(true),
  message: z.string().nullish(),
  data: z.object({ id: z.string(), deletedAt: z.string() }),
});
