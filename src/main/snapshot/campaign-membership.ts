import { join } from 'node:path';
import { z } from 'zod';
import type { CampaignMembershipInfo } from '../../shared/snapshot';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { INTEREST_LEVELS } from '../api/woodpecker-v1/list-query';
import type { ListProspectsQuery } from '../api/woodpecker-v1/list-query';
import { GrowableArray } from '../../shared/import/growable';
import { bytesOf, SectionFile, writeSectionFile } from '../store/section-file';

/**
 * Which campaigns each prospect of an account is in. The documented v1 list
 * has no membership field, but `interested=<level>` returns one row per
 * campaign in which the prospect has that interest level, with `campaign_id`
 * (woodpecker-v1-list-prospects.txt); every membership has exactly one of the
 * four levels (NOT-MARKED when none was set), so the four listings together
 * are every (prospect, campaign) pair.
 *
 * Loaded on its own, not with each sync: it costs one request per 1,000
 * memberships (an account whose prospects are in two campaigns each doubles
 * a sync), and `diff` says nothing about membership changes. It has its own
 * age; prospects added since it was loaded show in no campaign.
 *
 * Kept as `snapshots/<key>/campaigns.bin`, a section file (store/section-file.ts):
 * header {"version":1,"syncedAt":"…","campaigns":[{"id":7,"prospects":120},…]},
 * sections prospectIds Float64[pairs] · campaignIds Uint32[pairs].
 */
const MAGIC = 'PDCAMPS1';
const FILE = 'campaigns.bin';

export interface CampaignMembership {
  info: CampaignMembershipInfo;
  prospectIds: Float64Array;
  campaignIds: Uint32Array;
}

const HeaderSchema = z.object({
  version: z.literal(1),
  syncedAt: z.string(),
  campaigns: z.array(
    z.object({ id: z.number().int().nonnegative(), prospects: z.number().int().nonnegative() }),
  ),
  sections: z.record(
    z.string(),
    z.object({ offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() }),
  ),
});

/** Lists every membership of the account (four listings, one request at a time). */
export async function fetchCampaignMembership(input: {
  client: WoodpeckerV1Client;
  signal?: AbortSignal;
  now?: () => Date;
  onProgress?: (p: { level: string; rows: number }) => void;
}): Promise<CampaignMembership> {
  const syncedAt = (input.now ?? (() => new Date()))().toISOString();
  const prospectIds = new GrowableArray((n) => new Float64Array(n));
  const campaignIds = new GrowableArray((n) => new Uint32Array(n));
  for (const interested of INTEREST_LEVELS) {
    const query: Omit<ListProspectsQuery, 'page' | 'per_page'> = { interested };
    for await (const page of input.client.listAllPages(query, { signal: input.signal })) {
      page.raw.forEach((row, i) => {
        const campaign = row.campaign_id;
        if (typeof campaign !== 'number' || !Number.isSafeInteger(campaign) || campaign < 0) {
          throw new Error(
            `A prospect listed with interested=${interested} has no campaign_id: the membership cannot be told.`,
          );
        }
        prospectIds.push(page.prospects[i]!.id);
        campaignIds.push(campaign);
      });
      input.onProgress?.({ level: interested, rows: prospectIds.length });
    }
  }
  const counts = new Map<number, Set<number>>();
  const ids = prospectIds.view();
  const campaigns = campaignIds.view();
  for (let k = 0; k < ids.length; k++) {
    let members = counts.get(campaigns[k]!);
    if (!members) counts.set(campaigns[k]!, (members = new Set()));
    members.add(ids[k]!);
  }
  return {
    info: {
      syncedAt,
      campaigns: [...counts]
        .map(([id, members]) => ({ id, prospects: members.size }))
        .sort((a, b) => a.id - b.id),
    },
    prospectIds: ids,
    campaignIds: campaigns,
  };
}

export function campaignsPath(snapshotDir: string): string {
  return join(snapshotDir, FILE);
}

export async function writeCampaignMembership(
  snapshotDir: string,
  membership: CampaignMembership,
): Promise<void> {
  await writeSectionFile(campaignsPath(snapshotDir), MAGIC, { version: 1, ...membership.info }, [
    ['prospectIds', [bytesOf(membership.prospectIds)]],
    ['campaignIds', [bytesOf(membership.campaignIds)]],
  ]);
}

/** The saved membership, or null when it was never loaded. A damaged file throws. */
export async function readCampaignMembership(
  snapshotDir: string,
): Promise<CampaignMembership | null> {
  const damaged = (reason: string) =>
    new Error(`The campaign membership file is damaged: ${reason}. Load the campaigns again.`);
  let file: SectionFile;
  try {
    file = await SectionFile.read(campaignsPath(snapshotDir), MAGIC, damaged);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = HeaderSchema.safeParse(file.header);
  if (!parsed.success) throw damaged('its header is not a membership header');
  const { sections, version: _version, ...info } = parsed.data;
  const pairs = (sections.prospectIds?.length ?? 0) / 8;
  return {
    info,
    prospectIds: file.f64(sections.prospectIds, 'prospectIds', pairs),
    campaignIds: file.u32(sections.campaignIds, 'campaignIds', pairs),
  };
}
