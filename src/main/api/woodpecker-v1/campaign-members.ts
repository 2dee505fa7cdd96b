import { AppError } from '../../app-error';
import type { WoodpeckerV1Client } from './client';
import { INTEREST_LEVELS, MAX_PER_PAGE } from './list-query';
import type { ProspectPage } from './client';

export interface CampaignMembersResult {
  /** The ids (of those asked) in at least one of the campaigns. */
  members: Set<string>;
  requests: number;
  strategy: 'by-id' | 'full-list';
}

/**
 * Which of `ids` are in at least one of `campaignIds`, read fresh from the
 * account. The v1 list has no membership field, but `interested=<level>`
 * answers one row per campaign in which the prospect has that interest level,
 * with `campaign_id` (woodpecker-v1-list-prospects.txt); every membership has
 * exactly one of the four levels (NOT-MARKED when none was set), so the four
 * listings together are every membership.
 *
 * By id (`id=<id>&interested=<level>`, up to four requests per id, stopping
 * at the first membership found) or by listing each level for the whole
 * account, whichever is cheaper: `total` (the account's X-Total-Count)
 * estimates the listing at one row per prospect. A row without a usable
 * `campaign_id`, or any failed read, throws: membership that cannot be told
 * must never read as "not a member".
 */
export async function readCampaignMembers(
  client: WoodpeckerV1Client,
  ids: readonly string[],
  campaignIds: readonly number[],
  options: { total: number; signal?: AbortSignal },
): Promise<CampaignMembersResult> {
  const wanted = new Set(ids);
  const campaigns = new Set(campaignIds);
  const members = new Set<string>();
  let requests = 0;
  if (wanted.size === 0) return { members, requests, strategy: 'by-id' };
  const listPages = Math.max(1, Math.ceil(options.total / MAX_PER_PAGE));
  const collect = (page: ProspectPage, interested: string) => {
    page.raw.forEach((row, i) => {
      const id = String(page.prospects[i]!.id);
      if (wanted.has(id) && campaigns.has(campaignOf(row, interested))) members.add(id);
    });
  };
  const onPage = () => void requests++;

  if (wanted.size <= listPages) {
    for (const id of wanted) {
      for (const interested of INTEREST_LEVELS) {
        const query = { id: Number(id), interested };
        for await (const page of client.listAllPages(query, { signal: options.signal, onPage })) {
          collect(page, interested);
        }
        if (members.has(id)) break;
      }
    }
    return { members, requests, strategy: 'by-id' };
  }
  for (const interested of INTEREST_LEVELS) {
    for await (const page of client.listAllPages(
      { interested },
      { signal: options.signal, onPage },
    )) {
      collect(page, interested);
    }
  }
  return { members, requests, strategy: 'full-list' };
}

function campaignOf(row: Record<string, unknown>, interested: string): number {
  const campaign = row.campaign_id;
  if (typeof campaign !== 'number' || !Number.isSafeInteger(campaign) || campaign < 0) {
    throw new AppError(
      'conflict',
      `Woodpecker listed a prospect with interested=${interested} but no campaign_id: its campaigns cannot be told, so nothing is taken as removed.`,
    );
  }
  return campaign;
}
