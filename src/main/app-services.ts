import { join } from 'node:path';
import type { JobProgress } from '../shared/jobs';
import type { FileOpenedEvent } from '../shared/opened-files';
import { ConnectionsService } from './connections/connections-service';
import { SandboxHost } from './connections/sandbox-host';
import { AgencyDeleteService } from './delete/agency-service';
import { DeleteService } from './delete/delete-service';
import { LeadsDeleteService } from './delete/leads-service';
import { HistoryStore } from './history/history-store';
import { SnapshotService } from './snapshot/snapshot-service';
import { UpdateService } from './update/update-service';
import { createHandlers } from './ipc/handlers';
import { createRouter } from './ipc/router';
import type { IpcRouter } from './ipc/router';
import { JobRunner } from './jobs/job-runner';
import { ExportFiles } from './lists/export-files';
import { ListFiles } from './lists/list-files';
import { ListFingerprints } from './lists/list-fingerprints';
import { OpenedFiles } from './lists/opened-files';
import { PresetStore } from './lists/presets-file';
import { createFileLogger, logFilePath } from './log';
import { shareAccountSlots } from './api/http/account-queue';
import type { Logger } from './log';
import type { SandboxOptions } from './sandbox/types';
import { SecretVault } from './store/secret-vault';
import type { SecretCipher } from './store/secret-cipher';
import { Settings } from './store/settings';
import type { SettingsBackend } from './store/settings';

export interface AppServicesOptions {
  dataDir: string;
  settings: SettingsBackend;
  cipher: SecretCipher;
  version: string;
  /** Pushes a job progress event to the renderer. */
  emitJobProgress: (progress: JobProgress) => void;
  /**
   * Tells a running renderer that opened files wait in `files:take-opened`
   * (register.ts: sendFileOpened); a page that starts later takes them itself.
   */
  emitFileOpened: (event: FileOpenedEvent) => void;
  openExternal: (url: string) => Promise<boolean>;
  revealInFolder: (path: string) => Promise<boolean>;
  /** Main's log; one is opened on logs/main.log in the data folder when not given. */
  logger?: Logger;
  sandbox?: SandboxOptions;
}

export interface AppServices {
  router: IpcRouter;
  connections: ConnectionsService;
  sandbox: SandboxHost;
  logger: Logger;
  /**
   * Files the OS asked us to open (absolute paths: file association, "Open
   * with", the command line, a second launch, macOS `open-file`). Each is
   * checked, then kept as pending — accepted with a token, or refused with
   * the reason — until the renderer takes them (`files:take-opened`), which
   * it does when it starts and on every `files:opened` event: so this works
   * before the window has loaded. Returns at once; the checks run after.
   */
  openFiles(paths: string[]): void;
  dispose(): Promise<void>;
}

/**
 * Wires main's services together. The Electron entry (index.ts), and the e2e
 * harness in the test process, both build the app from here.
 */
export function createAppServices(options: AppServicesOptions): AppServices {
  const logger = options.logger ?? createFileLogger(logFilePath(options.dataDir));
  // One request in flight per account between this app and any CLI run on
  // the same data folder (account-queue.ts).
  const stopSharingSlots = shareAccountSlots(join(options.dataDir, 'locks'));
  const vault = new SecretVault(options.dataDir, options.cipher);
  const sandbox = new SandboxHost(options.sandbox);
  const settings = new Settings(options.settings);
  const connections = new ConnectionsService(settings, vault, sandbox);
  // Each job's requests wait out a busy service for as long as Settings allows.
  const jobs = new JobRunner(options.emitJobProgress, {
    maxBusyWaitMs: () => settings.app().maxBusyWaitMinutes * 60_000,
    howToWaitLonger:
      'allow a longer wait in Settings ("Wait up to this many minutes when the service is busy")',
  });
  const lists = new ListFiles(options.dataDir);
  const fingerprints = new ListFingerprints(options.dataDir, logger);
  const exports = new ExportFiles(options.dataDir);
  const history = new HistoryStore(options.dataDir);
  const openedFiles = new OpenedFiles((event) => options.emitFileOpened(event));
  const snapshots = new SnapshotService({ dataDir: options.dataDir, connections });
  const deletes = new DeleteService({
    dataDir: options.dataDir,
    connections,
    lists,
    history,
    snapshots,
  });
  const runDeps = { dataDir: options.dataDir, connections, history };
  const router = createRouter(
    createHandlers({
      connections,
      jobs,
      dataDir: options.dataDir,
      version: options.version,
      keyStorage: () => vault.status(),
      openExternal: options.openExternal,
      revealInFolder: options.revealInFolder,
      lists,
      fingerprints,
      presets: new PresetStore(options.dataDir),
      exports,
      deletes,
      snapshots,
      updates: new UpdateService({
        dataDir: options.dataDir,
        connections,
        lists,
        fingerprints,
        snapshots,
        history,
      }),
      agencyDeletes: new AgencyDeleteService(runDeps),
      leadsDeletes: new LeadsDeleteService(runDeps),
      history,
      openedFiles,
      settings,
    }),
    logger,
  );
  return {
    router,
    connections,
    sandbox,
    logger,
    openFiles(paths) {
      openedFiles.open(paths).catch((error: unknown) =>
        logger.log('error', 'opening files failed', {
          message: error instanceof Error ? error.message : String(error),
        }),
      );
    },
    async dispose() {
      stopSharingSlots();
      openedFiles.dispose();
      jobs.cancelAll();
      await lists.abortAll();
      await fingerprints.close();
      await exports.abortAll();
      await sandbox.close();
    },
  };
}
