/**
 * Saved column mappings ("presets"), re-applied when the same headers return.
 *
 * Saved mappings that silently break are a top complaint about similar tools
 * (notes/api-facts.md, last section), so applying a preset matches columns by
 * header, never by position (reordered columns keep their fields), and reports
 * headers that disappeared, fields that got lost with them, and new headers
 * (auto-mapped as suggestions).
 *
 * Stored shape (one per preset, in the settings store):
 *   { "id": "p1", "name": "Apollo", "signature": "v1-3-1a2b…",
 *     "headers": ["Email", "First Name", "Owner"],
 *     "fields": { "Email": "email", "First Name": "first_name", "Owner": null },
 *     "createdAt": "2025-01-31T10:00:00.000Z" }
 */
import { z } from 'zod';
import {
  autoMap,
  mappingFromColumns,
  type AutoMapOptions,
  type ColumnAssignment,
  type ColumnMapping,
} from './header-mapping';
import { cleanHeader, headerKey } from './header-key';
import { FIELD_LABELS, isProspectField, type ProspectField } from './prospect-fields';

export interface MappingPreset {
  id: string;
  name: string;
  /** headerSignature() of `headers`. */
  signature: string;
  /** The headers the preset was saved from, in file order. */
  headers: string[];
  /**
   * Field per header (cleanHeader() text). A header repeated in the file is
   * keyed "Header (#2)", "Header (#3)" … for its later occurrences.
   */
  fields: Record<string, ProspectField | null>;
  /** ISO 8601; the newest preset wins when several match. */
  createdAt: string;
}

/** Parses a stored preset; fields naming no known prospect field become null. */
export const mappingPresetSchema = z.object({
  id: z.string(),
  name: z.string(),
  signature: z.string(),
  headers: z.array(z.string()),
  fields: z
    .record(z.string(), z.string().nullable())
    .transform((fields) =>
      Object.fromEntries(
        Object.entries(fields).map(([h, f]) => [h, f !== null && isProspectField(f) ? f : null]),
      ),
    ),
  createdAt: z.string(),
});

/** Slot identity of each header: headerKey plus occurrence, e.g. "email#1". */
function slotKeys(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((header) => {
    const key = headerKey(header);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${key}#${occurrence}`;
  });
}

const OCCURRENCE = /^(.*) \(#(\d+)\)$/;

function recordKey(header: string, occurrence: number): string {
  const clean = cleanHeader(header);
  return occurrence > 1 ? `${clean} (#${occurrence})` : clean;
}

function slotOfRecordKey(key: string): string {
  const match = OCCURRENCE.exec(key);
  return match ? `${headerKey(match[1] ?? '')}#${match[2]}` : `${headerKey(key)}#1`;
}

/**
 * A stable id for a set of headers. Order-insensitive (a preset must survive
 * reordered columns) and insensitive to case, spacing, punctuation, accents
 * and BOM remnants (the same comparison as auto-mapping: headerKey()); a
 * header repeated twice counts twice. Format: `v1-<count>-<16 hex digits>`.
 */
export function headerSignature(headers: readonly string[]): string {
  const text = headers.map(headerKey).sort().join('\n');
  // Two FNV-1a 32-bit hashes with different offset bases: 64 bits, plenty for
  // the handful of presets a user keeps.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  return `v1-${headers.length}-${hex(a)}${hex(b)}`;
}

/** Saves the user's mapping for these headers. */
export function createPreset(input: {
  id: string;
  name: string;
  mapping: ColumnMapping;
  createdAt: string;
}): MappingPreset {
  const headers = input.mapping.columns.map((c) => c.header);
  const seen = new Map<string, number>();
  const fields: Record<string, ProspectField | null> = {};
  for (const { header, field } of input.mapping.columns) {
    const key = headerKey(header);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    fields[recordKey(header, occurrence)] = field;
  }
  return {
    id: input.id,
    name: input.name,
    signature: headerSignature(headers),
    headers,
    fields,
    createdAt: input.createdAt,
  };
}

export interface PresetApplication {
  mapping: ColumnMapping;
  /** True when the file has exactly the preset's headers (any order). */
  exact: boolean;
  /** Preset headers absent from the file (as saved). */
  missingHeaders: string[];
  /** File headers the preset does not know (auto-mapped as suggestions). */
  newHeaders: string[];
  /** Fields the preset filled that no column fills now: warn before importing. */
  lostFields: ProspectField[];
}

/**
 * Applies a preset to a file's headers by header, in any column order. Known
 * headers get the saved field (confidence `user`); new headers get autoMap's
 * suggestion when the preset does not already use that field.
 */
export function applyPreset(
  preset: MappingPreset,
  headers: readonly string[],
  options: AutoMapOptions = {},
): PresetApplication {
  const saved = new Map<string, { header: string; field: ProspectField | null }>();
  for (const [key, field] of Object.entries(preset.fields)) {
    saved.set(slotOfRecordKey(key), { header: key, field });
  }
  const slots = slotKeys(headers);
  const used = new Set<ProspectField>();
  for (const slot of slots) {
    const field = saved.get(slot)?.field;
    if (field) used.add(field);
  }
  const auto = autoMap(headers, options);
  const newHeaders: string[] = [];
  const taken = new Set<ProspectField>();
  const columns = headers.map((header, column): ColumnAssignment => {
    const slot = slots[column] ?? '';
    const entry = saved.get(slot);
    if (entry) {
      const field = entry.field !== null && !taken.has(entry.field) ? entry.field : null;
      if (field === null) {
        const reason = `left out by preset "${preset.name}"`;
        return { column, header, field: null, confidence: 'none', reason };
      }
      taken.add(field);
      return { column, header, field, confidence: 'user' };
    }
    newHeaders.push(header);
    const suggestion = auto.columns[column];
    const field = suggestion?.field ?? null;
    const note = `new column, not in preset "${preset.name}"`;
    if (field === null || used.has(field) || taken.has(field)) {
      return { column, header, field: null, confidence: 'none', reason: note };
    }
    taken.add(field);
    const confidence = suggestion?.confidence ?? 'guess';
    return { column, header, field, confidence, reason: `${note}: auto-mapped` };
  });
  const present = new Set(slots);
  const missing = [...saved].filter(([slot]) => !present.has(slot));
  const lostFields = missing
    .map(([, entry]) => entry.field)
    .filter((f): f is ProspectField => f !== null && !taken.has(f));
  return {
    mapping: mappingFromColumns(columns),
    exact: missing.length === 0 && newHeaders.length === 0,
    missingHeaders: missing.map(([, entry]) => entry.header),
    newHeaders,
    lostFields,
  };
}

/** One line per lost field, for the warning shown before importing. */
export function describeLostFields(
  preset: MappingPreset,
  lost: readonly ProspectField[],
): string[] {
  return lost.map((field) => {
    const header = Object.entries(preset.fields).find(([, f]) => f === field)?.[0] ?? '';
    return `${FIELD_LABELS[field]} was mapped from "${header}", which this file does not have`;
  });
}

export interface PresetMatch {
  preset: MappingPreset;
  /** `exact`: same header set; `similar`: overlapping enough to offer. */
  kind: 'exact' | 'similar';
  /** Jaccard similarity of the header sets, 1 for exact. */
  similarity: number;
}

/**
 * The preset to re-apply for these headers: an exact header-set match (the
 * newest if several), else the most similar one at or above `minSimilarity`.
 */
export function findPreset(
  presets: readonly MappingPreset[],
  headers: readonly string[],
  minSimilarity = 0.75,
): PresetMatch | null {
  const signature = headerSignature(headers);
  const newestFirst = [...presets].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const exact = newestFirst.find((p) => p.signature === signature);
  if (exact) return { preset: exact, kind: 'exact', similarity: 1 };
  const mine = new Set(slotKeys(headers));
  let best: PresetMatch | null = null;
  for (const preset of newestFirst) {
    const theirs = new Set(slotKeys(preset.headers));
    let shared = 0;
    for (const slot of theirs) if (mine.has(slot)) shared++;
    const similarity = shared / (mine.size + theirs.size - shared || 1);
    if (similarity >= minSimilarity && (best === null || similarity > best.similarity)) {
      best = { preset, kind: 'similar', similarity };
    }
  }
  return best;
}
