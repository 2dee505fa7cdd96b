import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountRef } from '../../../../shared/connections';
import type {
  CampaignMembershipInfo,
  PendingSnapshotSync,
  SnapshotMeta,
} from '../../../../shared/snapshot';
import { api } from '../../lib/api';
import { snapshotSummary } from './snapshot-age';

/** How often ages ("3 minutes ago") are re-worded: finer than the minute they show. */
const TICK_MS = 15_000;

/** The current time, re-read every `intervalMs` so relative ages stay true. */
export function useNow(intervalMs = TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface SnapshotInfo {
  meta: SnapshotMeta | null;
  /** A full sync that stopped and can resume. */
  pending: PendingSnapshotSync | null;
  /** Campaign membership, once loaded (it has its own age). */
  campaigns: CampaignMembershipInfo | null;
  loaded: boolean;
  error: string | null;
  /** "No snapshot yet" or "2,500 prospects · synced 3 minutes ago …", kept current. */
  summary: string;
  reload(): Promise<void>;
}

/**
 * A snapshot's metadata and age for one account (null: no account chosen).
 *
 * Reads only the local snapshot, so it works offline. Exported for any page
 * that needs to say how fresh its data is (e.g. an update preview).
 */
export function useSnapshotInfo(ref: AccountRef | null): SnapshotInfo {
  const connectionId = ref?.connectionId ?? null;
  const companyId = ref?.companyId;
  // Tagged with the account it describes, so switching accounts never shows the old one.
  const key = `${connectionId ?? ''}#${companyId ?? ''}`;
  const [state, setState] = useState({
    key: '',
    meta: null as SnapshotMeta | null,
    pending: null as PendingSnapshotSync | null,
    campaigns: null as CampaignMembershipInfo | null,
    error: null as string | null,
  });
  // Answers for an account chosen earlier are dropped.
  const request = useRef(0);
  const reload = useCallback(async () => {
    const seq = ++request.current;
    if (connectionId === null) return;
    const result = await api.getSnapshotInfo(
      companyId === undefined ? { connectionId } : { connectionId, companyId },
    );
    if (seq !== request.current) return;
    const key = `${connectionId}#${companyId ?? ''}`;
    setState(
      result.ok
        ? { key, ...result.value, error: null }
        : { key, meta: null, pending: null, campaigns: null, error: result.error.message },
    );
  }, [connectionId, companyId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const now = useNow();
  const current = state.key === key;
  const meta = current ? state.meta : null;
  return {
    meta,
    pending: current ? state.pending : null,
    campaigns: current ? state.campaigns : null,
    loaded: current,
    error: current ? state.error : null,
    summary: meta ? snapshotSummary(meta, now) : 'No snapshot yet',
    reload,
  };
}
