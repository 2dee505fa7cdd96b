import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../app-error';
import { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { testAccount } from '../connections/connection-test';
import type { ConnectionsService } from '../connections/connections-service';
import { exportAccount } from '../jobs/export-account';
import type { JobRunner } from '../jobs/job-runner';
import { exportFileName } from '../lists/export-name';
import { isAllowedExternalUrl } from './external-url';
import { logFilePath } from '../log';
import { createDeleteHandlers } from './delete-handlers';
import { createSnapshotHandlers } from './snapshot-handlers';
import { createUpdateHandlers } from './update-handlers';
import { createListHandlers } from './list-handlers';
import { createOpenedFileHandlers } from './opened-file-handlers';
import type { OpenedFiles } from '../lists/opened-files';
import type { ListFingerprints } from '../lists/list-fingerprints';
import type { Handlers } from './router';
import type { AgencyDeleteService } from '../delete/agency-service';
import type { DeleteService } from '../delete/delete-service';
import type { SnapshotService } from '../snapshot/snapshot-service';
import type { UpdateService } from '../update/update-service';
import type { LeadsDeleteService } from '../delete/leads-service';
import type { HistoryStore } from '../history/history-store';
import type { ExportFiles } from '../lists/export-files';
import type { ListFiles } from '../lists/list-files';
import type { PresetStore } from '../lists/presets-file';
import type { KeyStorageStatus } from '../../shared/key-storage';
import type { Settings } from '../store/settings';

export interface HandlerDeps {
  connections: ConnectionsService;
  jobs: JobRunner;
  dataDir: string;
  version: string;
  keyStorage: () => Promise<KeyStorageStatus>;
  openExternal: (url: string) => Promise<boolean>;
  /** Shows a file in the OS file manager (Explorer, Finder, …). */
  revealInFolder: (path: string) => Promise<boolean>;
  lists: ListFiles;
  fingerprints: ListFingerprints;
  presets: PresetStore;
  exports: ExportFiles;
  deletes: DeleteService;
  snapshots: SnapshotService;
  updates: UpdateService;
  agencyDeletes: AgencyDeleteService;
  leadsDeletes: LeadsDeleteService;
  history: HistoryStore;
  /** Files the OS asked us to open, read by token (lists/opened-files.ts). */
  openedFiles: OpenedFiles;
  /** config.json: the preferences Settings edits (`settings:get` / `settings:save`). */
  settings: Pick<Settings, 'app' | 'saveApp'>;
}

/** Every channel's handler. Inputs arrive already validated by the router. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { connections, jobs } = deps;
  return {
    'connections:list': () => connections.list(),
    'connections:save': (input) => connections.save(input),
    'connections:remove': async ({ id }) => ({ removed: await connections.remove(id) }),
    'connections:test': async (ref) => {
      const credentials = await connections.credentials(ref);
      const companies =
        ref.companyId === undefined ? await connections.companies(ref.connectionId) : [];
      const perCompany = [];
      for (const company of companies) {
        const companyRef = { connectionId: ref.connectionId, companyId: company.id };
        perCompany.push({ company, credentials: await connections.credentials(companyRef) });
      }
      return testAccount(credentials, perCompany);
    },
    'connections:set-active': ({ id }) => ({ activeConnectionId: connections.setActive(id) }),
    'app:info': async () => ({
      version: deps.version,
      dataDir: deps.dataDir,
      logFile: logFilePath(deps.dataDir),
      activeConnectionId: connections.activeConnectionId(),
      keyStorage: await deps.keyStorage(),
    }),
    'app:open-external': async ({ url }) => ({
      opened: isAllowedExternalUrl(url) && (await deps.openExternal(url)),
    }),
    'app:reveal-log': async () => ({
      revealed: await deps.revealInFolder(logFilePath(deps.dataDir)),
    }),
    'settings:get': () => deps.settings.app(),
    'settings:save': (input) => deps.settings.saveApp(input),
    'account:export': async ({ format, ...ref }) => {
      const credentials = await connections.credentials(ref);
      if (credentials.api !== 'woodpecker') {
        throw new AppError(
          'validation',
          'Exporting prospects needs a Woodpecker or Sandbox connection.',
        );
      }
      const folder = join(deps.dataDir, 'exports');
      await mkdir(folder, { recursive: true });
      const path = join(folder, exportFileName(credentials.label, format));
      const client = new WoodpeckerV1Client(credentials);
      const { jobId } = jobs.start('account-export', async ({ signal, report }) => {
        const result = await exportAccount({
          client,
          path,
          format,
          signal,
          onProgress: ({ fetched, total }) =>
            report(fetched, total, `Downloaded ${fetched} prospects`),
        });
        return { prospects: result.prospects, path: result.path };
      });
      return { jobId, path };
    },
    'jobs:cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    ...createListHandlers(deps),
    ...createOpenedFileHandlers(deps),
    ...createDeleteHandlers(deps),
    ...createSnapshotHandlers(deps),
    ...createUpdateHandlers(deps),
  };
}
