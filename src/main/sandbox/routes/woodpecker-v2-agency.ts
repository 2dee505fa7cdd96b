import { v2Error } from '../envelopes';
import { jsonResponse } from '../response';
import { companyAccount } from '../seed-data';
import type { RouteHandler } from './route-context';

/**
 * `POST /rest/v2/agency/companies/{company_id}/prospects/delete` with
 * `{"type": "ALL"}` (woodpecker-v2-agency-delete-company-prospects.txt).
 * Only the agency (HQ) key may call it; a company's own or the main key is
 * 403. An unknown company is 404, any other body 400. On success every
 * prospect of the company is deleted at once (the vendor does it
 * asynchronously) and the answer is 202 `{deletion_request_id, count}`.
 */
export const deleteCompanyProspects: RouteHandler = (ctx) => {
  if (ctx.keyKind !== 'agency') {
    return v2Error(403, 'Only an agency account can manage client companies');
  }
  const companyId = Number(ctx.match[1]);
  if (!ctx.data.companies.some((c) => c.id === companyId)) return v2Error(404);
  if (ctx.body.kind === 'invalid') return v2Error(400, 'Malformed JSON request');
  const body = ctx.body.kind === 'json' ? ctx.body.value : undefined;
  const type = typeof body === 'object' && body !== null && 'type' in body ? body.type : undefined;
  if (type === undefined) return v2Error(400, "Field 'type' is required");
  if (type !== 'ALL') return v2Error(400, `Unsupported type: ${JSON.stringify(type)}`);

  const account = ctx.data.prospects.account(companyAccount(companyId));
  const ids = [...account.sortedIds()];
  for (const id of ids) account.remove(id);
  const request = ctx.data.recordDeletion(companyId, ids.length);
  ctx.markApplied();
  return jsonResponse(202, { deletion_request_id: request.id, count: request.count });
};
