/**
 * Saved lists: imported spreadsheets kept in the data folder, usable offline.
 *
 * On disk (src/main/lists): `lists/<id>/meta.json`, `rows.bin` (UTF-8 rows,
 * RowStore.serialize) and `offsets.bin` (Float64 little-endian byte offsets).
 */
import { z } from 'zod';

export const LIST_PARTS = ['rows', 'offsets'] as const;
export type ListPart = (typeof LIST_PARTS)[number];

const detection = z.object({
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']),
  bom: z.boolean(),
  delimiter: z.enum([',', ';', '\t', '|']),
  lineEnding: z.enum(['\r\n', '\n', '\r', 'mixed']),
  headerRow: z.number().int().min(0),
});

const columnAssignment = z.object({
  column: z.number().int().min(0),
  header: z.string(),
  field: z.string().nullable(),
  confidence: z.string(),
  reason: z.string().optional(),
});

/**
 * Up to `max` whole numbers ≥ 0, checked in one loop: zod checks each element
 * of z.array(z.number()…) on its own, ~0.5 µs apiece, and a 1M-row list's
 * line shifts made reading its meta.json take 0.7 s.
 */
function wholeNumbers(max: number) {
  return z.custom<number[]>(
    (value) =>
      Array.isArray(value) &&
      value.length <= max &&
      value.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0),
    { message: `Expected a list of at most ${max} whole numbers ≥ 0` },
  );
}

/** What the renderer sends when saving a list (main adds id and timestamps). */
export const listMetaInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    sourceFile: z.string().max(500),
    fileBytes: z.number().int().min(0).nullable(),
    detection,
    headers: z.array(z.string().max(1000)).max(2000),
    columns: z.array(columnAssignment).max(2000),
    rows: z.number().int().min(0),
    valid: z.number().int().min(0),
    invalid: z.number().int().min(0),
    duplicates: z.number().int().min(0),
    dropped: z.number().int().min(0),
    /** Source line shifts (src/shared/list-lines.ts): restored rows keep the file's line numbers. */
    lineShifts: wholeNumbers(4_000_000).optional(),
    /** Rows dropped by a duplicate resolution (indices), so reloads agree. */
    droppedRows: wholeNumbers(2_000_000).optional(),
    /** The list this one replaces (a re-save after edits). */
    replaces: z.string().max(100).optional(),
  })
  .strict();

export type ListMetaInput = z.infer<typeof listMetaInput>;

export const listMeta = listMetaInput.extend({
  id: z.string(),
  importedAt: z.string(),
  updatedAt: z.string(),
  bytes: z.number().int().min(0),
});

export type ListMeta = z.infer<typeof listMeta>;
