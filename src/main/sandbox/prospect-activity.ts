import { hashInts } from './prng';
import type { Activity, InterestLevel } from './routes/woodpecker-v1-list-query';
import type { SandboxProspect } from './types';

/**
 * Campaign activity the sandbox does not store but derives from (seed, id):
 * interest levels per campaign and opens/clicks, enough for the list's
 * `interested` and `activity` filters to return plausible, stable rows.
 */

/** A prospect's interest level in one of its campaigns. */
export function interestLevel(seed: number, prospectId: number, campaignId: number): InterestLevel {
  const roll = hashInts(seed, prospectId, campaignId) % 100;
  if (roll < 10) return 'INTERESTED';
  if (roll < 15) return 'MAYBE-LATER';
  if (roll < 20) return 'NOT-INTERESTED';
  return 'NOT-MARKED';
}

/** The wire spells interest levels with '_' (woodpecker-v1-list-prospects.txt). */
export function wireInterest(level: InterestLevel): string | null {
  return level === 'NOT-MARKED' ? null : level.replace('-', '_');
}

interface ActivityFacts {
  sentMails: number;
  opened: boolean;
  clicked: boolean;
}

function activityOf(seed: number, prospect: SandboxProspect): ActivityFacts {
  if (prospect.last_contacted === '' || prospect.last_contacted === null) {
    return { sentMails: 0, opened: false, clicked: false };
  }
  const h = hashInts(seed, prospect.id, 7);
  const opened = h % 3 !== 0;
  return { sentMails: 1 + (h % 4), opened, clicked: opened && (h >>> 8) % 4 === 0 };
}

/**
 * The extra fields a prospect gets under an `activity` filter, or undefined
 * when it does not match. OPENED adds `sent_mails` + `last_open`, CLICKED adds
 * `sent_mails` + `last_clicked` + `click_url`, the NOT- variants `sent_mails`.
 */
export function activityFields(
  seed: number,
  prospect: SandboxProspect,
  activity: Activity,
): Record<string, unknown> | undefined {
  const facts = activityOf(seed, prospect);
  if (facts.sentMails === 0) return undefined;
  switch (activity) {
    case 'OPENED':
      return facts.opened
        ? { sent_mails: facts.sentMails, last_open: prospect.last_contacted }
        : undefined;
    case 'NOT-OPENED':
      return facts.opened ? undefined : { sent_mails: facts.sentMails };
    case 'CLICKED':
      return facts.clicked
        ? {
            sent_mails: facts.sentMails,
            last_clicked: prospect.last_contacted,
            click_url: prospect.website || 'https://example.com/pricing',
          }
        : undefined;
    case 'NOT-CLICKED':
      return facts.clicked ? undefined : { sent_mails: facts.sentMails };
  }
}
