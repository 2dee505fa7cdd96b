import { useEffect, useState } from 'react';
import type { ClientCompany, ConnectionSummary } from '../../../../shared/connections';
import { api } from '../../lib/api';

/** Connections that can delete every prospect of a client company. */
export const agencyConnections = (connections: ConnectionSummary[]) =>
  connections.filter((c) => c.kind === 'agency' || c.kind === 'sandbox');

export interface CompaniesState {
  companies: ClientCompany[];
  loading: boolean;
  error: string | null;
}

/**
 * The client companies of a connection. An agency connection lists the ones
 * saved with it; the Sandbox's live in main only, so they are read through
 * "Test connection", which counts each company (one cheap read each).
 */
export function useCompanies(connection: ConnectionSummary | undefined): CompaniesState {
  const [loaded, setLoaded] = useState<{ id: string; state: CompaniesState } | null>(null);
  const needsLoad = connection?.kind === 'sandbox';
  const id = connection?.id ?? '';
  useEffect(() => {
    if (!needsLoad) return;
    let live = true;
    void api.testConnection({ connectionId: id }).then((result) => {
      if (!live) return;
      setLoaded({
        id,
        state: result.ok
          ? {
              companies: (result.value.companies ?? []).map((c) => ({ id: c.id, name: c.name })),
              loading: false,
              error: null,
            }
          : {
              companies: [],
              loading: false,
              error: `The client companies could not be read: ${result.error.message} Check the connection on the Connections page.`,
            },
      });
    });
    return () => {
      live = false;
    };
  }, [needsLoad, id]);
  if (!connection) return { companies: [], loading: false, error: null };
  if (!needsLoad) return { companies: connection.companies, loading: false, error: null };
  return loaded?.id === id ? loaded.state : { companies: [], loading: true, error: null };
}
