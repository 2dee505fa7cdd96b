import { randomBytes } from 'node:crypto';
import type { HistoryKind } from '../../shared/history';
import { LeadsClient } from '../api/leads/client';
import { AppError } from '../app-error';
import { executeLeadsAction, prepareLeadsDelete, restoreLeads } from './leads-delete';
import { readLeadsPlan } from './leads-plan';
import type {
  LeadPreview,
  LeadsAction,
  LeadsActionResult,
  LeadsRestoreResult,
} from './leads-delete';
import { backupProgress, RunService } from './run-service';
import type { Progress } from './run-service';
import { newRunId, runHistoryFiles, runPaths } from './run-files';

export interface PreparedLeadsView {
  runId: string;
  total: number;
  preview: LeadPreview[];
  notFound: string[];
  backup: { manifest: string; jsonl: string; csv: string };
  /** When listing by status may have missed leads, or left some of another status out. */
  listingNote?: string;
}

const HISTORY_KIND: Record<LeadsAction, HistoryKind> = {
  delete: 'leads-delete',
  archive: 'leads-archive',
  anonymize: 'leads-archive',
};

/** Leads API delete / archive / anonymize and restore for the app, with history. */
export class LeadsDeleteService extends RunService {
  async prepare(
    input: { connectionId: string; target: { ids: string[] } | { status: string } },
    signal: AbortSignal,
    report: Progress,
  ): Promise<PreparedLeadsView> {
    const { client, connection } = await this.account(input.connectionId);
    const runId = newRunId('leads', new Date(), randomBytes(3).toString('hex'));
    const prepared = await prepareLeadsDelete({
      dir: this.dir,
      runId,
      connection,
      client,
      target: input.target,
      signal,
      onProgress: backupProgress(report, 'leads'),
    });
    const paths = runPaths(this.dir, runId);
    return {
      runId,
      total: prepared.total,
      preview: prepared.preview,
      notFound: prepared.notFound,
      backup: { manifest: paths.manifest, jsonl: paths.jsonl, csv: paths.csv },
      ...(prepared.listingNote && { listingNote: prepared.listingNote }),
    };
  }

  async execute(
    input: {
      connectionId: string;
      runId: string;
      action: LeadsAction;
      confirmCount: number;
      reason?: string;
    },
    signal: AbortSignal,
    report: Progress,
  ): Promise<LeadsActionResult> {
    const startedAt = new Date().toISOString();
    const { client, connection } = await this.account(input.connectionId);
    const plan = await readLeadsPlan(runPaths(this.dir, input.runId).plan);
    if (input.confirmCount !== plan.ids.length) {
      throw new AppError(
        'validation',
        `Type the number of leads (${plan.ids.length}) to confirm; ${input.confirmCount} does not match.`,
      );
    }
    const result = await executeLeadsAction({
      dir: this.dir,
      runId: input.runId,
      connectionId: connection.id,
      client,
      action: input.action,
      ...(input.reason && { reason: input.reason }),
      signal,
      onProgress: (p) => report(p.done, p.total, `${p.done} of ${p.total} leads`),
    });
    await this.record(HISTORY_KIND[input.action], input.runId, connection, startedAt, {
      state: result.state === 'finished' && result.failed + result.unknown === 0,
      partial: result.done > 0,
      counts: {
        targets: result.targets,
        done: result.done,
        notFound: result.notFound,
        failed: result.failed,
        unknown: result.unknown,
        pending: result.pending,
      },
      message: result.message ?? `Action: ${input.action}`,
    });
    return result;
  }

  async restore(
    input: { connectionId: string; runId: string },
    signal: AbortSignal,
    report: Progress,
  ): Promise<LeadsRestoreResult> {
    const startedAt = new Date().toISOString();
    const { client, connection } = await this.account(input.connectionId);
    const result = await restoreLeads({
      dir: this.dir,
      runId: input.runId,
      connectionId: connection.id,
      client,
      signal,
      onProgress: (p: { done: number; total: number }) =>
        report(p.done, p.total, `Restored ${p.done} of ${p.total}`),
    });
    await this.record('restore', input.runId, connection, startedAt, {
      state: result.failed + result.notRestorable === 0,
      partial: result.restored > 0,
      counts: {
        restored: result.restored,
        notRestorable: result.notRestorable,
        failed: result.failed,
        skipped: result.skipped,
      },
      ...(result.notRestorable > 0 && {
        message: `Deleted leads cannot be restored through the API; they are kept in ${result.backupFile}.`,
      }),
    });
    return result;
  }

  private async record(
    kind: HistoryKind,
    runId: string,
    connection: { id: string; label: string },
    startedAt: string,
    outcome: { state: boolean; partial: boolean; counts: Record<string, number>; message?: string },
  ): Promise<void> {
    const paths = runPaths(this.dir, runId);
    await this.deps.history.append({
      kind,
      state: outcome.state ? 'succeeded' : outcome.partial ? 'incomplete' : 'failed',
      startedAt,
      finishedAt: new Date().toISOString(),
      connection: { id: connection.id, label: connection.label },
      runId,
      counts: outcome.counts,
      files: runHistoryFiles(paths),
      backup: paths.manifest,
      ...(outcome.message && { message: outcome.message }),
    });
  }

  private async account(connectionId: string) {
    const credentials = await this.deps.connections.leadsCredentials(connectionId);
    const summary = this.deps.connections.get(connectionId);
    return {
      client: new LeadsClient(credentials),
      connection: { id: summary.id, label: summary.label, kind: summary.kind },
    };
  }
}
