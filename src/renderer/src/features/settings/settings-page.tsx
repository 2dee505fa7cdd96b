import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../../shared/ipc/contract';
import { api } from '../../lib/api';

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
          <dd>
            {info.encryptionAvailable
              ? 'Encrypted by the OS keychain'
              : 'Unavailable: keys cannot be saved'}
          </dd>
        </dl>
      )}
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
