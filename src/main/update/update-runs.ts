import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { UpdateRunInfo } from '../../shared/update/update-run-info';
import { readJournalReplay, NOT_SENT_CODE } from './run-outcomes';
import { readRunFile, updatePaths } from './update-files';

const RUN_ID = /^upd-[0-9A-Za-z-]+$/;

/**
 * The update runs in `updatesDir` (`<dataDir>/updates`), newest first: each
 * one's account, list, and how far its journal got. A run whose run.json or
 * journal cannot be trusted is listed as damaged with the reason, never
 * hidden. Folders without run.json are an apply stopped before anything was
 * sent (its backup may be there): not a run, not listed.
 */
export async function listUpdateRuns(updatesDir: string): Promise<UpdateRunInfo[]> {
  let names: string[];
  try {
    names = await readdir(updatesDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const runs: UpdateRunInfo[] = [];
  for (const name of names.filter((n) => RUN_ID.test(n))) {
    const info = await describeRun(join(updatesDir, name), name);
    if (info) runs.push(info);
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function describeRun(dir: string, runId: string): Promise<UpdateRunInfo | null> {
  let file;
  try {
    file = await readRunFile(dir);
  } catch (error) {
    if ((error as { code?: string }).code === 'not_found') return null;
    return damaged(runId, (error as Error).message);
  }
  const { run } = file;
  const base = {
    runId,
    createdAt: run.createdAt,
    connection: {
      id: run.connection.id,
      label: run.connection.label,
      ...(run.connection.companyId !== undefined && { companyId: run.connection.companyId }),
    },
    list: run.list,
    reverted: run.reverted === true,
  };
  if (file.version === 1) {
    // Older runs have no journal: they ended, or they were never recorded at all.
    const planned = file.run.plannedCount ?? 0;
    const counts = file.run.counts ?? {};
    return {
      ...base,
      status: 'finished',
      planned,
      counts: {
        updated: counts.updated ?? 0,
        added: counts.added ?? 0,
        failed: counts.failed ?? 0,
        unknown: counts.unknown ?? 0,
      },
      notSent: 0,
    };
  }
  try {
    const replay = await readJournalReplay(updatePaths(dir).journal);
    const counts = { updated: 0, added: 0, failed: 0, unknown: 0 };
    let notSent = file.run.planned.count;
    for (const outcome of replay.rows.values()) {
      if (outcome.code === NOT_SENT_CODE) continue;
      notSent--;
      if (outcome.outcome !== 'unchanged') counts[outcome.outcome]++;
    }
    // Sent when it stopped, answer not recorded: resume reads them back first.
    for (const batch of replay.batches) {
      if (batch.status !== 'unknown') continue;
      counts.unknown += batch.rows.length;
      notSent -= batch.rows.filter((row) => !replay.rows.has(row)).length;
    }
    return {
      ...base,
      status: replay.applyEnd === null ? 'interrupted' : 'finished',
      planned: file.run.planned.count,
      counts,
      notSent: replay.applyEnd === null ? Math.max(0, notSent) : 0,
    };
  } catch (error) {
    return { ...damaged(runId, (error as Error).message), ...base, status: 'damaged' };
  }
}

function damaged(runId: string, message: string): UpdateRunInfo {
  return {
    runId,
    createdAt: '',
    connection: { id: '', label: '' },
    list: '',
    status: 'damaged',
    planned: 0,
    counts: { updated: 0, added: 0, failed: 0, unknown: 0 },
    notSent: 0,
    reverted: false,
    message,
  };
}
