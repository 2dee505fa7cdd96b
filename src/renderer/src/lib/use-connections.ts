import { useCallback, useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../../shared/connections';
import { api } from './api';

export interface ConnectionsState {
  connections: ConnectionSummary[];
  activeConnectionId: string | null;
  loaded: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/** Saved connections and the active one, reloaded after every change. */
export function useConnections(): ConnectionsState {
  const [state, setState] = useState({
    connections: [] as ConnectionSummary[],
    activeConnectionId: null as string | null,
    loaded: false,
    error: null as string | null,
  });
  const apply = useCallback((result: Awaited<ReturnType<typeof api.listConnections>>) => {
    setState(
      result.ok
        ? { ...result.value, loaded: true, error: null }
        : (s) => ({ ...s, loaded: true, error: result.error.message }),
    );
  }, []);
  const reload = useCallback(() => api.listConnections().then(apply), [apply]);
  useEffect(() => {
    void api.listConnections().then(apply);
  }, [apply]);
  return { ...state, reload };
}
