import { createHash } from 'node:crypto';
import { z } from 'zod';

const batchIds = z.array(z.string().min(1)).min(1);

/** How a batch ended. `failedIds`: ids of the batch left in place (partial success). */
export const journalOutcomeSchema = z.object({
  status: z.enum(['done', 'failed']),
  code: z.string().optional(),
  message: z.string().optional(),
  failedIds: z.array(z.string().min(1)).optional(),
});
export type JournalOutcome = z.infer<typeof journalOutcomeSchema>;

const base = {
  seq: z.number().int().positive(),
  batch: z.number().int().nonnegative(),
  at: z.string().min(1),
};

/**
 * One journal line, without its checksum. Per batch: `intent` (the ids, before
 * anything is sent) → `sent` (written and fsync'd before the request goes
 * out) → `outcome` (after the answer, or after reconciling by re-listing).
 */
export const journalEntrySchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('intent'), ids: batchIds }),
  z.object({ ...base, type: z.literal('sent') }),
  z.object({ ...base, type: z.literal('outcome'), outcome: journalOutcomeSchema }),
]);
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** What a caller appends: the journal assigns `seq` and `at`. */
export type JournalEntryInput =
  | { type: 'intent'; batch: number; ids: readonly string[] }
  | { type: 'sent'; batch: number }
  | { type: 'outcome'; batch: number; outcome: JournalOutcome };

const CRC = /,"crc":"([0-9a-f]{16})"\}$/;

/** First 16 hex digits of the sha256 of a line's JSON without its `crc` field. */
export function lineChecksum(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 16);
}

/**
 * Serialises an entry as one line, keys in a fixed order, `crc` last:
 *   {"seq":1,"type":"intent","batch":0,"ids":["101","102"],"at":"2026-11-23T02:00:00.000Z","crc":"3fa2…"}
 * The checksum covers the exact bytes before `,"crc"` (plus the closing brace),
 * so checking it never depends on re-serialising parsed JSON.
 */
export function encodeJournalLine(entry: JournalEntry): string {
  const body = JSON.stringify({
    seq: entry.seq,
    type: entry.type,
    batch: entry.batch,
    ...(entry.type === 'intent' && { ids: entry.ids }),
    ...(entry.type === 'outcome' && { outcome: entry.outcome }),
    at: entry.at,
  });
  return `${body.slice(0, -1)},"crc":"${lineChecksum(body)}"}\n`;
}

/** Parses one line (without its newline); the reason when it is not a valid entry. */
export function decodeJournalLine(
  line: string,
): { ok: true; entry: JournalEntry } | { ok: false; reason: string } {
  const match = CRC.exec(line);
  if (!match) return { ok: false, reason: 'no checksum' };
  const body = `${line.slice(0, match.index)}}`;
  if (lineChecksum(body) !== match[1]) return { ok: false, reason: 'checksum mismatch' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = journalEntrySchema.safeParse(json);
  return parsed.success
    ? { ok: true, entry: parsed.data }
    : { ok: false, reason: 'not a journal entry' };
}
