import { z } from 'zod';
import { decodeChecksummedLine, encodeChecksummedLine } from './checksummed-log';
import type { DecodedLine } from './checksummed-log';

export { lineChecksum } from './checksummed-log';

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
  return encodeChecksummedLine(body);
}

/** Parses one line (without its newline); the reason when it is not a valid entry. */
export function decodeJournalLine(line: string): DecodedLine<JournalEntry> {
  return decodeChecksummedLine(line, journalEntrySchema);
}
