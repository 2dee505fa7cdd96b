import { z } from 'zod';

/**
 * The 202 answer of the agency "delete ALL prospects" request
 * (../shared/api-docs/woodpecker-v2-agency-delete-company-prospects.txt).
 */
export const WoodpeckerAgencyDeleteWire = z.object({
  deletion_request_id: z.number().int(),
  count: z.number().int().nonnegative(),
});
export type WoodpeckerAgencyDeleteWire = z.infer<typeof WoodpeckerAgencyDeleteWire>;
