import type { Lead, LeadsClient } from '../api/leads/client';
import { AppError } from '../app-error';
import { recordId } from '../backup/backup-manifest';
import { fileLines, isPlainObject, parseObjectLine } from '../backup/file-lines';
import type { LeadsPlan } from './leads-plan';

type Record_ = Record<string, unknown>;
export type LeadsRunAction = NonNullable<LeadsPlan['action']>;

/** Default `archived_reason` when the user gives none. */
export const DEFAULT_ARCHIVE_REASON = 'Archived with Prospect Desk';

/** Metadata keys the archive recipe sets (leads-api-delete-lead.txt). */
export const ARCHIVE_KEYS = ['archived', 'archived_at', 'archived_reason'] as const;

/**
 * The personal fields "anonymize" replaces, and with what:
 * - `name` → "Anonymized lead"
 * - `email` → `anonymized+<id>@example.invalid` (still valid, unique per lead,
 *   and on a reserved domain that can never receive mail)
 * - `phone` → "" (only when the lead has one)
 * The id, status, company, tags, source, metadata and timestamps stay: the
 * docs' "remove PII while keeping analytics data". These are the personal
 * fields the Leads API's PUT accepts; anything else personal held in
 * `metadata` is the user's to clear.
 */
export const ANONYMIZED_FIELDS = ['name', 'email', 'phone'] as const;

/** The PUT body that anonymizes `lead` (see ANONYMIZED_FIELDS). */
export function anonymizedPatch(lead: Record_): Record<string, string> {
  const id = recordId(lead).replace(/[^A-Za-z0-9_.-]/g, '-');
  const patch: Record<string, string> = {
    name: 'Anonymized lead',
    email: `anonymized+${id}@example.invalid`,
  };
  if (typeof lead.phone === 'string' && lead.phone !== '') patch.phone = '';
  return patch;
}

/**
 * Applies the run's action to one lead with one request. Archive keeps the
 * lead's backed-up metadata (the PUT may replace `metadata` as a whole) and
 * uses the run's fixed timestamp, so a resend writes identical values.
 */
export async function applyLeadAction(
  client: LeadsClient,
  action: LeadsRunAction,
  backup: Record_,
  signal?: AbortSignal,
): Promise<void> {
  const id = recordId(backup);
  switch (action.kind) {
    case 'delete':
      await client.delete(id, signal);
      return;
    case 'archive':
      await client.archive(id, action.reason ?? DEFAULT_ARCHIVE_REASON, {
        signal,
        metadata: metadataOf(backup),
        now: new Date(action.at),
      });
      return;
    case 'anonymize':
      await client.update(id, anonymizedPatch(backup), signal);
      return;
  }
}

/** True when `current` already shows the archive or anonymize of this run. */
export function showsAction(action: LeadsRunAction, current: Lead, backup: Record_): boolean {
  switch (action.kind) {
    case 'delete':
      return false;
    case 'archive': {
      const metadata = metadataOf(current) ?? {};
      return (
        current.status === 'lost' &&
        metadata.archived === true &&
        metadata.archived_at === new Date(action.at).toISOString() &&
        metadata.archived_reason === (action.reason ?? DEFAULT_ARCHIVE_REASON)
      );
    }
    case 'anonymize':
      return Object.entries(anonymizedPatch(backup)).every(
        ([key, value]) => (current as Record_)[key] === value,
      );
  }
}

/** Whether a lead read now is exactly the one backed up (key order aside). */
export function sameLead(current: Record_, backup: Record_): boolean {
  return stableJson(current) === stableJson(backup);
}

export function metadataOf(lead: Record_): Record_ | null {
  return isPlainObject(lead.metadata) ? lead.metadata : null;
}

/** Every record of a (verified) backup by id, for resends, checks and restores. */
export async function readBackupRecords(jsonl: string): Promise<Map<string, Record_>> {
  const records = new Map<string, Record_>();
  for await (const line of fileLines(jsonl)) {
    const record = parseObjectLine(line.bytes);
    if (!record) throw new AppError('conflict', `The backup ${jsonl} changed: back up again.`);
    records.set(recordId(record), record);
  }
  return records;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
