/**
 * What the update preview needs of a prospect the account already has.
 *
 * The snapshot can answer this straight from its compact records, without
 * building a `Prospect` object per row (at a million rows, objects of
 * varying shapes cost more than the diff itself); a plain map of prospects
 * (the CLI's fresh listing, tests) goes through `lookupProspects`.
 */
import type { ProspectField } from '../import/prospect-fields';
import type { Prospect } from '../prospect';

export interface StoredProspect {
  id: number;
  /** The email as stored (its case may differ from the list's). */
  email: string;
  /** Stored values aligned with the list's fields; '' = empty or absent. */
  values: readonly string[];
}

/** Binds to the list's mapped fields once, then finds prospects by lowercase email. */
export type StoredLookup = (
  fields: readonly ProspectField[],
) => (emailKey: string) => StoredProspect | undefined;

/** A lookup over prospect objects (a map by lowercase email, say). */
export function lookupProspects(find: (emailKey: string) => Prospect | undefined): StoredLookup {
  return (fields) => (key) => {
    const prospect = find(key);
    if (prospect === undefined) return undefined;
    return {
      id: prospect.id,
      email: prospect.email,
      values: fields.map((field) => prospect[field] ?? ''),
    };
  };
}

/**
 * Field fingerprints of every stored prospect (field-hash.ts), sparse: per
 * row a mask of the fields whose compared form is not '' (bit = the field's
 * position in IMPORT_FIELDS) with their two hash lanes in field order, and a
 * mask of the fields that are blank (trimmed to ''). A field outside the
 * first mask has the fingerprint of ''.
 */
export interface RecordHashes {
  masks: Uint32Array;
  blanks: Uint32Array;
  /** count + 1 offsets into `lanes`, in fields (two lanes each). */
  starts: Uint32Array;
  lanes: Uint32Array;
}

/** A snapshot as the fingerprint diff reads it (hashed-preview.ts), by row. */
export interface StoredFingerprints {
  hashes: RecordHashes;
  /** Row of a lowercase email given as UTF-8 `key[start … end)`, or -1. */
  find(key: Uint8Array, start: number, end: number): number;
  idAt(row: number): number;
  /** Binds to the list's fields: the stored values of a row. */
  valuesAt(fields: readonly ProspectField[]): (row: number) => StoredProspect;
}
