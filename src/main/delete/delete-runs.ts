import { readdir, readFile } from 'node:fs/promises';
import { DELETE_RUN_KINDS } from '../../shared/delete';
import type { DeleteRunInfo, DeleteRunKind } from '../../shared/delete';
import { backupManifestSchema } from '../backup/backup-manifest';
import { BackupVerificationError } from '../backup/backup-errors';
import type { JournalReplay } from '../backup/journal';
import { readAgencyPlan } from './agency-plan';
import { leadsPlanSchema, readLeadsPlan } from './leads-plan';
import { leadResults } from './leads-run';
import { runPaths } from './run-files';
import { newRunAdvice, readRunJournal } from './run-journal';
import { prospectDeletePlanSchema, readPlan } from './v1-plan';
import { countStatuses, idStatuses } from './v1-status';

const MANIFEST = /^(.+)\.manifest\.json$/;

/**
 * Every run in the backups folder, newest first: its manifest, what kind of
 * run its plan says it is, and how far its journal got. A run whose files
 * cannot be read or trusted (a plan changed after its backup, a damaged
 * journal) is listed as damaged, never hidden: its backup may still be the
 * only copy of something.
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
  const trust = plan ? await planTrust(paths.plan, kind) : null;
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
    ...(trust && { message: trust.message }),
  };
  if (trust?.damaged) return { ...info, status: 'damaged' };
  try {
    const replay = await readRunJournal({
      paths,
      runId,
      advice: newRunAdvice(kind === 'leads' ? 'leads' : 'targets', paths.manifest),
    });
    if (!replay || replay.batches.length === 0) return info;
    return { ...info, status: unfinished(plan, replay) ? 'interrupted' : 'finished' };
  } catch (error) {
    return { ...info, status: 'damaged', message: (error as Error).message };
  }
}

/**
 * Null when the run's plan can be trusted (sealed with its backup and
 * intact, run-plan.ts); otherwise what the list says about it: a plan
 * changed after its backup is damage, one from before plans were sealed is
 * listed as it is, with why it cannot be resumed.
 */
async function planTrust(
  path: string,
  kind: DeleteRunKind,
): Promise<{ damaged: boolean; message: string } | null> {
  try {
    if (kind === 'prospects') await readPlan(path);
    else if (kind === 'agency-all') await readAgencyPlan(path);
    else await readLeadsPlan(path);
    return null;
  } catch (error) {
    const unsealed = error instanceof BackupVerificationError && error.code === 'plan-unsealed';
    return { damaged: !unsealed, message: (error as Error).message };
  }
}

/** True while any target is not yet done (per id: later batches re-send ids left). */
function unfinished(plan: Record<string, unknown> | null, replay: JournalReplay): boolean {
  const v1 = prospectDeletePlanSchema.safeParse(plan);
  if (v1.success) {
    const counts = countStatuses(idStatuses(v1.data, replay));
    return counts.pending + counts.unknown + counts.failed > 0;
  }
  // Leads: per lead, its latest batch (a lead refused unprocessed is sent again in a later one).
  const leads = leadsPlanSchema.safeParse(plan);
  if (leads.success) return leadResults(leads.data, replay).some((l) => l.status !== 'done');
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
