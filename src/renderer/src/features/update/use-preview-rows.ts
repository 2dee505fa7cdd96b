import { useEffect, useState, useSyncExternalStore } from 'react';
import type { RowKind } from '../../../../shared/update/update-types';
import { PreviewRowCache } from './preview-row-cache';

/**
 * The preview's rows for the chosen kinds, window by window: a new preview or
 * filter resets the cache, a new `rowsVersion` (bulk include/exclude)
 * refetches what is on screen.
 */
export function usePreviewRows(
  previewId: string,
  kinds: RowKind[],
  rowsVersion: number,
): PreviewRowCache {
  const [cache] = useState(() => new PreviewRowCache());
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  useEffect(() => cache.setQuery({ previewId, kinds }), [cache, previewId, kinds]);
  const [mounted] = useState(rowsVersion);
  useEffect(() => {
    if (rowsVersion !== mounted) cache.invalidate();
  }, [cache, rowsVersion, mounted]);
  return cache;
}
