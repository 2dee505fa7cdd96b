import { join } from 'node:path';
import { z } from 'zod';
import { backupConnectionSchema, backupPaths, isValidRunId } from '../backup/backup-manifest';
import type { BackupPaths } from '../backup/backup-manifest';
import type { HistoryFile } from '../../shared/history';
import { AppError } from '../app-error';
import { planBackupSchema } from './run-plan';

/**
 * Every file of one destructive run lives in the backups folder, named by the
 * run id, so a backup, its plan and its journal can never be mixed up:
 *
 *   backups/<runId>.jsonl          the exact API objects (canonical copy)
 *   backups/<runId>.csv            formula-safe companion for spreadsheets
 *   backups/<runId>.manifest.json  written last; binds the files to the run
 *   backups/<runId>.plan.json      what the run deletes, how (durable, before any send)
 *   backups/<runId>.journal        write-ahead journal: intent → sent → outcome
 *   backups/<runId>.accepted.json  agency "delete ALL" only: Woodpecker's 202
 *                                  answer (deletion_request_id), kept before
 *                                  the journal's outcome line
 *   backups/<runId>.lock.<n>       the run's lock: which process executes or
 *                                  restores it (store/lease-lock.ts)
 */
export interface RunPaths extends BackupPaths {
  dir: string;
  plan: string;
  journal: string;
  lock: string;
}

export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

export function runPaths(dir: string, runId: string): RunPaths {
  if (!isValidRunId(runId)) throw new AppError('validation', `"${runId}" is not a run id.`);
  return {
    dir,
    ...backupPaths(dir, runId),
    plan: join(dir, `${runId}.plan.json`),
    journal: join(dir, `${runId}.journal`),
    lock: join(dir, `${runId}.lock`),
  };
}

/** `del-20261123-101500-3fa2c1`: sortable by time, unique enough per machine. */
export function newRunId(prefix: string, now: Date, random: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${prefix}-${stamp}-${random}`;
}

/** The files of a run a history entry links to. */
export function runHistoryFiles(paths: RunPaths): HistoryFile[] {
  return [
    { label: 'Backup (JSONL, canonical)', path: paths.jsonl },
    { label: 'Backup (CSV for spreadsheets)', path: paths.csv },
    { label: 'Journal', path: paths.journal },
  ];
}

/**
 * The fields every run's `<runId>.plan.json` starts with; `kind` says which
 * run it is. Version 2 plans name their backup (`backup`) and are sealed in
 * its manifest (run-plan.ts); version 1 plans, from before, are read only to
 * list and restore their runs.
 */
export function planHeader<K extends string>(kind: K) {
  return {
    version: z.union([z.literal(1), z.literal(2)]),
    kind: z.literal(kind),
    runId: z.string().min(1),
    createdAt: z.string().min(1),
    connection: backupConnectionSchema,
    backup: planBackupSchema.optional(),
  };
}
