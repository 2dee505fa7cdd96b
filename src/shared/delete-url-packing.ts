/**
 * Packing prospect ids into v1 DELETE URLs.
 *
 * The vendor's limit is the request URL length, 4,100 characters (about 360
 * ids; woodpecker-v1-delete-prospects.txt), so batches are cut by measured
 * length, not by count. The client builds each URL with `buildIdsUrl`, the same
 * function that is measured here, so what we measure is what we send: ids are
 * digits and commas stay unencoded (`%2C` would cost 312 ids instead of 368
 * per URL: notes/performance-facts.md).
 */

/** The vendor's maximum request URL length. */
export const MAX_DELETE_URL_LENGTH = 4100;

export interface PackIdsOptions {
  /** Everything before the first id, ending in `?id=` (or `&id=`). */
  baseUrl: string;
  /** Ids in the order they should be sent. */
  ids: readonly number[];
  /** Appended after the ids, e.g. `&campaigns_id=1,2`. */
  suffix?: string;
  maxUrlLength?: number;
}

/** The exact URL for one batch: prefix, comma-separated ids, suffix. */
export function buildIdsUrl(baseUrl: string, ids: readonly number[], suffix = ''): string {
  return `${baseUrl}${ids.join(',')}${suffix}`;
}

/**
 * Splits `ids`, in order, into the fewest batches whose URL fits.
 *
 * Greedy is optimal here: a batch's URL length is a fixed overhead plus the sum
 * of its ids' lengths plus one comma between neighbours, so it only grows as a
 * batch grows. Take any valid split and the greedy one: by induction the k-th
 * greedy batch ends at or after the k-th batch of the other split (greedy
 * starts no later and extends as far as anything can), so greedy never needs
 * more batches. Throws if a single id cannot fit.
 */
export function packIdsIntoUrls(options: PackIdsOptions): number[][] {
  const { baseUrl, ids, suffix = '', maxUrlLength = MAX_DELETE_URL_LENGTH } = options;
  const overhead = baseUrl.length + suffix.length;
  const batches: number[][] = [];
  let batch: number[] = [];
  let length = overhead;
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 0) {
      throw new RangeError(`Prospect id ${String(id)} is not a non-negative integer.`);
    }
    const idLength = String(id).length;
    if (overhead + idLength > maxUrlLength) {
      throw new RangeError(
        `Prospect id ${id} does not fit in a ${maxUrlLength}-character URL on its own.`,
      );
    }
    const added = batch.length === 0 ? idLength : idLength + 1;
    if (length + added > maxUrlLength) {
      batches.push(batch);
      batch = [];
      length = overhead + idLength;
    } else {
      length += added;
    }
    batch.push(id);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
