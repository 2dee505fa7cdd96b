import { useCallback, useState } from 'react';
import type { AccountRef, ConnectionSummary } from '../../../../shared/connections';
import { ErrorMessage } from '../../components/error-message';
import { SnapshotBrowser } from './snapshot-browser';
import { SnapshotStatus } from './snapshot-status';
import { SnapshotSync } from './snapshot-sync';
import { useSnapshotInfo } from './use-snapshot-info';

/**
 * The account's snapshot: a local copy of every prospect, synced on demand and
 * browsed, filtered and exported offline. For agency connections the client
 * company is chosen here (each is its own account).
 */
export function SnapshotSection({ connection }: { connection: ConnectionSummary }) {
  const [company, setCompany] = useState<{ connectionId: string; id: number | null }>({
    connectionId: connection.id,
    id: null,
  });
  // A company chosen for another connection does not carry over.
  const companyId = company.connectionId === connection.id ? company.id : null;
  const account: AccountRef =
    companyId === null
      ? { connectionId: connection.id }
      : { connectionId: connection.id, companyId };
  const info = useSnapshotInfo(account);
  // Bumped when a sync ends: the grid refetches what is on screen.
  const [dataVersion, setDataVersion] = useState(0);
  const { reload } = info;
  const onSyncFinished = useCallback(() => {
    void reload();
    setDataVersion((v) => v + 1);
  }, [reload]);

  if (connection.kind === 'leads') {
    return (
      <div className="card" data-testid="snapshot-section">
        <h2>Snapshot</h2>
        <p className="muted">
          Snapshots are of Woodpecker accounts; this connection uses the Leads API. Choose a
          Woodpecker or Sandbox connection on the Connections page.
        </p>
      </div>
    );
  }

  return (
    <section className="snapshot-section" aria-labelledby="snapshot-title">
      <div className="card" data-testid="snapshot-section">
        <h2 id="snapshot-title">Snapshot</h2>
        <p className="muted">
          A copy of every prospect on this computer: browse, filter and export it without waiting
          for the API, even offline. Sync changes often; a full resync also drops prospects deleted
          elsewhere.
        </p>
        {connection.companies.length > 0 && (
          <label className="inline">
            Client company
            <select
              value={companyId ?? ''}
              onChange={(e) =>
                setCompany({
                  connectionId: connection.id,
                  id: e.target.value === '' ? null : Number(e.target.value),
                })
              }
              data-testid="snapshot-company"
            >
              <option value="">The agency account itself</option>
              {connection.companies.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.id})
                </option>
              ))}
            </select>
          </label>
        )}
        <SnapshotStatus info={info} />
        <ErrorMessage
          message={info.error && `Could not read the snapshot: ${info.error}`}
          testId="snapshot-info-error"
        />
        <SnapshotSync
          // A new account starts with a fresh sync panel.
          key={`${account.connectionId}#${companyId ?? ''}`}
          account={account}
          hasSnapshot={info.meta !== null}
          pending={info.pending}
          onFinished={onSyncFinished}
        />
      </div>
      {info.meta && (
        <SnapshotBrowser
          key={`${account.connectionId}#${companyId ?? ''}`}
          account={account}
          meta={info.meta}
          campaigns={info.campaigns}
          dataVersion={dataVersion}
          onCampaignsLoaded={onSyncFinished}
        />
      )}
    </section>
  );
}
