import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../../shared/ipc/contract';
import { api } from '../../lib/api';
import { keyStorageSummary } from '../../lib/key-storage-words';
import { BusyWaitForm } from './busy-wait-form';

export function SettingsPage() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void api.getAppInfo().then((result) => result.ok && setInfo(result.value));
  }, []);
  return (
    <section className="page">
      <h1>Settings</h1>
      {info && (
        <dl className="card facts" data-testid="app-info">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.dataDir}</code>
          </dd>
          <dt>Key storage</dt>
          <dd data-testid="key-storage">{keyStorageSummary(info.keyStorage)}</dd>
          <dt>Error log</dt>
          <dd>
            <code>{info.logFile}</code> <LogButton />
          </dd>
        </dl>
      )}
      <BusyWaitForm />
      <p>
        <button
          type="button"
          className="link"
          onClick={() => void api.openExternal({ url: 'https://docs.woodpecker.co/' })}
        >
          Woodpecker API documentation
        </button>
      </p>
    </section>
  );
}

/**
 * Shows main's log (errors, with keys redacted) in the file manager, so a
 * rep can attach it to a support request. Main knows the path; the page
 * cannot name another file.
 */
function LogButton() {
  const [missing, setMissing] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link"
        data-testid="reveal-log"
        onClick={() =>
          void api
            .revealLogFile()
            .then((result) => setMissing(!result.ok || !result.value.revealed))
        }
      >
        Show in folder
      </button>
      {missing && (
        <span className="muted" role="status" data-testid="log-missing">
          {' '}
          Nothing has been logged yet.
        </span>
      )}
    </>
  );
}
