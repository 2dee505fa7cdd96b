import { useMemo, useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/connections';
import { BackupJob } from '../delete/backup-job';
import { ErrorMessage } from '../../components/error-message';
import { ProgressBar } from '../../components/progress-bar';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useJob } from '../../lib/use-job';
import { jobResult } from '../delete/job-results';
import { AgencyConfirmation } from './agency-confirmation';
import { AgencyResultView } from './agency-result';
import { agencyResultSchema, preparedAgencySchema } from './agency-results';
import { agencyStore } from './agency-store';
import { useJobStore } from './job-store';
import { useEnded } from './use-ended';
import { agencyConnections, useCompanies } from './use-companies';

/**
 * Agency "delete ALL prospects of a client company": back the company up,
 * confirm with its typed name, send the one request, show what Woodpecker
 * accepted. `onJobEnd` runs when a job stops, so the runs list can reload.
 */
export function AgencyDeletePanel({
  connections,
  onJobEnd,
}: {
  connections: ConnectionSummary[];
  onJobEnd(): void;
}) {
  const flow = useJobStore(agencyStore);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const usable = agencyConnections(connections);
  const connection = usable.find((c) => c.id === flow.connectionId) ?? usable[0];
  const companies = useCompanies(connection);
  const company = companies.companies.find((c) => c.id === flow.companyId);
  const backup = useJob(flow.backupJob);
  const execute = useJob(flow.executeJob);
  const prepared = useMemo(() => jobResult(backup, preparedAgencySchema), [backup]);
  const result = useMemo(() => jobResult(execute, agencyResultSchema), [execute]);
  useEnded(backup, onJobEnd);
  useEnded(execute, onJobEnd);
  const running = starting || backup?.state === 'running' || execute?.state === 'running';

  const start = async (job: () => ReturnType<typeof api.startAgencyBackup>) => {
    setError(null);
    setStarting(true);
    const started = await job();
    setStarting(false);
    if (!started.ok) {
      setError(`${started.error.message} Nothing was deleted.`);
      return null;
    }
    return started.value.jobId;
  };

  const startBackup = async () => {
    if (!connection || !company) {
      setError('Choose an agency connection and one of its client companies first.');
      return;
    }
    agencyStore.update({ executeJob: null, backupJob: null });
    const jobId = await start(() =>
      api.startAgencyBackup({ connectionId: connection.id, companyId: company.id }),
    );
    if (jobId) agencyStore.update({ connectionId: connection.id, backupJob: jobId });
  };

  const startDelete = async (typedName: string) => {
    if (!prepared?.ok || !connection) return;
    const jobId = await start(() =>
      api.startAgencyDelete({
        connectionId: connection.id,
        companyId: prepared.value.companyId,
        runId: prepared.value.runId,
        typedName,
      }),
    );
    if (jobId) agencyStore.update({ executeJob: jobId, typedName });
  };

  const reset = () => {
    agencyStore.update({ backupJob: null, executeJob: null, typedName: '' });
    setError(null);
  };

  if (usable.length === 0) {
    return (
      <section className="card" data-testid="agency-panel">
        <h2>Delete ALL prospects of a client company</h2>
        <p className="muted" data-testid="agency-no-connection">
          This needs an agency connection (or the Sandbox): add one on the Connections page.
        </p>
      </section>
    );
  }

  const sent = execute !== null;
  return (
    <section className="agency-panel" data-testid="agency-panel" aria-labelledby="agency-title">
      {!prepared?.ok && (
        <form
          className="card form"
          data-testid="agency-form"
          onSubmit={(e) => {
            e.preventDefault();
            void startBackup();
          }}
        >
          <h2 id="agency-title">
            1. Delete ALL prospects of {company ? company.name : 'a client company'}
          </h2>
          <fieldset className="delete-account" disabled={running}>
            <label className="inline">
              Agency connection
              <select
                value={connection?.id ?? ''}
                onChange={(e) =>
                  agencyStore.update({ connectionId: e.target.value, companyId: null })
                }
                data-testid="agency-connection"
              >
                {usable.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label} ({c.kind})
                  </option>
                ))}
              </select>
            </label>
            <label className="inline">
              Client company
              <select
                value={company?.id ?? ''}
                onChange={(e) =>
                  agencyStore.update({
                    companyId: e.target.value === '' ? null : Number(e.target.value),
                  })
                }
                data-testid="agency-company-select"
              >
                <option value="">
                  {companies.loading ? 'Reading the companies…' : 'Choose a company'}
                </option>
                {companies.companies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.id})
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          {!companies.loading && !companies.error && companies.companies.length === 0 && (
            <p className="muted">
              This connection has no client companies: add them to the connection on the Connections
              page.
            </p>
          )}
          <ErrorMessage message={companies.error} testId="agency-companies-error" />
          <p className="muted">
            Nothing is deleted yet: every prospect of the company is read and backed up to your data
            folder first. You confirm on the next step.
          </p>
          <button
            type="submit"
            className="button"
            disabled={running || !company}
            data-testid="agency-backup-start"
          >
            Back up {company ? `all prospects of ${company.name}` : 'the company'}
          </button>
        </form>
      )}
      {backup && !prepared?.ok && (
        <BackupJob
          progress={backup}
          jobId={flow.backupJob}
          failure={prepared && !prepared.ok ? prepared.message : null}
          testId="agency"
        />
      )}
      {prepared?.ok && !sent && (
        <AgencyConfirmation
          key={prepared.value.runId}
          prepared={prepared.value}
          busy={running}
          onDelete={(typed) => void startDelete(typed)}
          onStartOver={reset}
        />
      )}
      {prepared?.ok && execute && (
        <section className="card" aria-labelledby="agency-run-title" data-testid="agency-job">
          <h2 id="agency-run-title">
            3. Delete ALL {formatCount(prepared.value.count)} prospects of{' '}
            {prepared.value.companyName}
          </h2>
          {/* No Cancel: the one request, once sent, is waited for (agency-run.ts). */}
          <ProgressBar progress={execute} />
          {result?.ok && (
            <AgencyResultView
              result={result.value}
              busy={running}
              onCheckAgain={() => void startDelete(flow.typedName)}
            />
          )}
          <ErrorMessage
            message={
              execute.error
                ? `${execute.error.message}${execute.error.code === 'conflict' ? '' : ' Check the runs list below before trying again.'}`
                : result && !result.ok
                  ? result.message
                  : null
            }
            testId="agency-error"
          />
          {!running && (
            <div className="actions">
              <button
                type="button"
                className="button secondary"
                onClick={reset}
                data-testid="agency-new"
              >
                New delete
              </button>
            </div>
          )}
        </section>
      )}
      <ErrorMessage message={error} testId="agency-flow-error" />
    </section>
  );
}
