import type { ConnectionsService } from '../connections/connections-service';
import type { HistoryStore } from '../history/history-store';
import { backupsDir } from './run-files';

/** A job's progress callback (JobRunner's `report`). */
export type Progress = (done: number, total: number | null, message: string) => void;

export interface RunServiceDeps {
  dataDir: string;
  connections: ConnectionsService;
  history: HistoryStore;
}

/** What the app's destructive workflows share: the backups folder, connections, history. */
export abstract class RunService<D extends RunServiceDeps = RunServiceDeps> {
  protected readonly dir: string;

  constructor(protected readonly deps: D) {
    this.dir = backupsDir(deps.dataDir);
  }
}

/** Progress of a backup's two phases: reading the targets, then writing the backup. */
export function backupProgress(report: Progress, noun: string) {
  return (p: { phase: 'read' | 'backup'; done: number; total: number | null }) =>
    report(p.done, p.total, p.phase === 'read' ? `Reading ${p.done} ${noun}…` : 'Backing up…');
}
