import { readdir, readFile } from 'node:fs/promises';
import { DELETE_RUN_KINDS } from '../../shared/delete';
import type { DeleteRunInfo, DeleteRunKind } from '../../shared/delete';
import { backupManifestSchema } from '../backup/backup-manifest';
import { readJournal, replayJournal } from '../backup/journal';
import type { JournalReplay } from '../backup/journal';
import { runPaths } from './run-files';
import { prospectDeletePlanSchema } from './v1-plan';
import { countStatuses, idStatuses } from './v1-status';

const MANIFEST = /^(.+)\.manifest\.json$/;

/**
 * Every run in the backups folder, newest first: its manifest, what kind of
 * run its plan says it is, and how far its journal got. A run whose files
 * cannot be read is listed as damaged, never hidden: its backup may still be
 * the only copy of something.
 */
export async function listDeleteRuns(dir: string): Promise<DeleteRunInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const runs: DeleteRunInfo[] = [];
  for (const name of names) {
    const runId = MANIFEST.exec(name)?.[1];
    if (runId) runs.push(await describeRun(dir, runId));
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function describeRun(dir: string, runId: string): Promise<DeleteRunInfo> {
  const paths = runPaths(dir, runId);
  const base = { runId, manifest: paths.manifest };
  let manifest;
  try {
    manifest = backupManifestSchema.parse(JSON.parse(await readFile(paths.manifest, 'utf8')));
  } catch {
    return {
      ...base,
      kind: 'prospects',
      createdAt: '',
      connection: { id: '', label: '' },
      records: 0,
      status: 'damaged',
      message: 'The manifest cannot be read.',
    };
  }
  const plan = await readJsonObject(paths.plan);
  const kind = DELETE_RUN_KINDS.includes(plan?.kind as DeleteRunKind)
    ? (plan!.kind as DeleteRunKind)
    : 'prospects';
  const companyId = (plan?.connection as { companyId?: unknown } | undefined)?.companyId;
  const info: DeleteRunInfo = {
    ...base,
    kind,
    createdAt: manifest.createdAt,
    connection: {
      id: manifest.connection.id,
      label: manifest.connection.label,
      ...(typeof companyId === 'number' && { companyId }),
    },
    records: manifest.count,
    status: 'backed-up',
    ...leadsAction(plan),
  };
  try {
    const journal = await readJournal(paths.journal);
    const replay = replayJournal(journal.entries);
    if (replay.batches.length === 0) return info;
    return { ...info, status: unfinished(plan, replay) ? 'interrupted' : 'finished' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return info;
    return { ...info, status: 'damaged', message: (error as Error).message };
  }
}

/** True while any target is not yet done (v1: per id, later batches re-sending ids left). */
function unfinished(plan: Record<string, unknown> | null, replay: JournalReplay): boolean {
  const v1 = prospectDeletePlanSchema.safeParse(plan);
  if (v1.success) {
    const counts = countStatuses(idStatuses(v1.data, replay));
    return counts.pending + counts.unknown + counts.failed > 0;
  }
  const planned = Array.isArray(plan?.batches) ? plan.batches.length : 0;
  return replay.batches.length < planned || replay.batches.some((b) => b.status !== 'done');
}

function leadsAction(plan: Record<string, unknown> | null): Pick<DeleteRunInfo, 'action'> {
  const kind = (plan?.action as { kind?: unknown } | undefined)?.kind;
  return kind === 'delete' || kind === 'archive' || kind === 'anonymize' ? { action: kind } : {};
}

async function readJsonObject(path: string): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
