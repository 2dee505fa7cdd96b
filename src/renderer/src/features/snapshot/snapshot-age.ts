/**
 * How old a snapshot is, in words ("synced 3 minutes ago"). Pure functions so
 * any page that shows a snapshot's age (the account page, an update preview)
 * words it the same way.
 */
import type { PendingSnapshotSync, SnapshotMeta } from '../../../../shared/snapshot';
import { formatCount } from '../../lib/format';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

const UNITS: { unit: Intl.RelativeTimeFormatUnit; ms: number }[] = [
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 },
];

/** "less than a minute ago", "3 minutes ago", "2 hours ago", "5 days ago". */
export function formatAge(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'at an unknown time';
  const elapsed = Math.max(0, now - at);
  for (const { unit, ms } of UNITS) {
    if (elapsed >= ms) return relative.format(-Math.floor(elapsed / ms), unit);
  }
  return 'less than a minute ago';
}

/**
 * "2,500 prospects · synced 3 minutes ago (full sync 2 hours ago)".
 *
 * "Synced" is when the last sync *finished*: `syncedAt` is the next `diff`,
 * deliberately earlier than the sync (snapshot.ts), so it would overstate the age.
 */
export function snapshotSummary(meta: SnapshotMeta, now: number): string {
  const synced = `${formatCount(meta.count)} prospects · synced ${formatAge(meta.lastSync.finishedAt, now)}`;
  return meta.lastSync.mode === 'full'
    ? synced
    : `${synced} (full sync ${formatAge(meta.fullSyncAt, now)})`;
}

/** "A full sync stopped at 1,000 of 2,500" (the total may not be known yet). */
export function pendingSummary(pending: PendingSnapshotSync): string {
  const of = pending.total === null ? '' : ` of ${formatCount(pending.total)}`;
  return `A full sync stopped at ${formatCount(pending.fetched)}${of}`;
}

/** Why an incrementally synced snapshot may still hold deleted prospects (notes/api-facts.md). */
export const DELETIONS_NOTE = 'Prospects deleted elsewhere only disappear after a full resync.';
