import { v1Error } from '../envelopes';
import { emptyResponse } from '../response';
import type { RouteHandler } from './route-context';

/** The vendor's limit on the whole request URL (woodpecker-v1-delete-prospects.txt). */
export const MAX_URL_LENGTH = 4100;

const ID_LIST = /^\d+(,\d+)*$/;

/**
 * `DELETE /rest/v1/prospects?id=1,2,3[&campaigns_id=7,8]`. Without
 * `campaigns_id` the prospects are deleted globally; with it only their
 * membership in those campaigns is removed. Ids the account does not have are
 * ignored (the docs are silent; a delete is idempotent). Answers 200 with an
 * empty body. The URL-length limit is checked in server.ts, before anything.
 */
export const deleteProspects: RouteHandler = (ctx) => {
  for (const name of ctx.params.keys()) {
    if (name !== 'id' && name !== 'campaigns_id') {
      return v1Error(400, 'E_WRONG_PARAM', `Unknown param:${name}`);
    }
  }
  // URLSearchParams has already decoded `%2C` to ','.
  const idText = ctx.params.get('id') ?? '';
  if (!ID_LIST.test(idText)) return v1Error(400, 'E_WRONG_PARAM', `Wrong param [id]=${idText}`);
  const campaignText = ctx.params.get('campaigns_id');
  if (campaignText !== null && !ID_LIST.test(campaignText)) {
    return v1Error(400, 'E_WRONG_PARAM', `Wrong param [campaigns_id]=${campaignText}`);
  }

  const store = ctx.data.prospects;
  const account = store.account(ctx.account);
  const ids = idText.split(',').map(Number);
  let changed = false;
  if (campaignText === null) {
    for (const id of ids) changed = account.remove(id) || changed;
  } else {
    const drop = new Set(campaignText.split(',').map(Number));
    for (const id of ids) {
      if (!account.byId.has(id)) continue;
      const before = store.campaignsOf(id);
      const after = before.filter((c) => !drop.has(c));
      if (after.length !== before.length) {
        store.setCampaigns(id, after);
        changed = true;
      }
    }
  }
  if (changed) ctx.markApplied();
  return emptyResponse(200);
};
