import { randomBytes } from 'node:crypto';
import { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { WoodpeckerV2AgencyClient } from '../api/woodpecker-v2/agency-client';
import { AppError } from '../app-error';
import { accountId } from '../connections/woodpecker-account';
import { executeAgencyDelete, prepareAgencyDelete } from './agency-delete';
import type { AgencyDeleteResult, PreparedAgencyDelete } from './agency-delete';
import { backupProgress, RunService } from './run-service';
import type { Progress } from './run-service';
import { newRunId, runHistoryFiles, runPaths } from './run-files';

/** What the agency confirmation shows. */
export interface PreparedAgencyView {
  runId: string;
  companyId: number;
  companyName: string;
  count: number;
  empty: boolean;
  requests: PreparedAgencyDelete['requests'];
  backup: { manifest: string; jsonl: string; csv: string };
}

/**
 * The agency "delete ALL prospects of a client company" workflow for the app:
 * the backup is read as the company (agency key + x-company-id), the delete
 * is sent by the agency key, and each execution is recorded in the history.
 */
export class AgencyDeleteService extends RunService {
  async prepare(
    input: { connectionId: string; companyId: number },
    signal: AbortSignal,
    report: Progress,
  ): Promise<PreparedAgencyView> {
    const { company, readClient, connection, agencyBaseUrl } = await this.accounts(input);
    const runId = newRunId('agency', new Date(), randomBytes(3).toString('hex'));
    const prepared = await prepareAgencyDelete({
      dir: this.dir,
      runId,
      connection,
      agencyBaseUrl,
      companyId: company.id,
      companyName: company.name,
      readClient,
      signal,
      onProgress: backupProgress(report, 'prospects'),
    });
    const paths = runPaths(this.dir, runId);
    return {
      runId,
      companyId: company.id,
      companyName: company.name,
      count: prepared.plan.count,
      empty: prepared.empty,
      requests: prepared.requests,
      backup: { manifest: paths.manifest, jsonl: paths.jsonl, csv: paths.csv },
    };
  }

  async execute(
    input: { connectionId: string; companyId: number; runId: string; typedName: string },
    signal: AbortSignal,
  ): Promise<AgencyDeleteResult> {
    const startedAt = new Date().toISOString();
    const { readClient, connection, agencyClient } = await this.accounts(input);
    const result = await executeAgencyDelete({
      dir: this.dir,
      runId: input.runId,
      connectionId: connection.id,
      agencyClient,
      readClient,
      typedName: input.typedName,
      signal,
    });
    const paths = runPaths(this.dir, input.runId);
    await this.deps.history.append({
      kind: 'agency-delete',
      state:
        result.state === 'finished'
          ? 'succeeded'
          : result.state === 'failed'
            ? 'failed'
            : 'incomplete',
      startedAt,
      finishedAt: new Date().toISOString(),
      connection: { id: input.connectionId, label: connection.label, companyId: input.companyId },
      runId: input.runId,
      counts: {
        backedUp: result.backedUp,
        deleted: result.deleted,
        unknown: result.unknown,
        ...(result.acceptedCount !== null && { accepted: result.acceptedCount }),
        ...(result.deletionRequestId !== null && { deletionRequestId: result.deletionRequestId }),
      },
      files: runHistoryFiles(paths),
      backup: paths.manifest,
      ...((result.alert ?? result.message) && { message: result.alert ?? result.message }),
    });
    return result;
  }

  private async accounts(input: { connectionId: string; companyId: number }) {
    const summary = this.deps.connections.get(input.connectionId);
    const companies = await this.deps.connections.companies(input.connectionId);
    const company = companies.find((c) => c.id === input.companyId);
    if (!company) {
      throw new AppError(
        'not_found',
        `"${summary.label}" has no client company ${input.companyId}.`,
      );
    }
    const asCompany = await this.deps.connections.credentials(input);
    const agency = await this.deps.connections.agencyCredentials(input.connectionId);
    if (asCompany.api !== 'woodpecker') {
      throw new AppError('validation', 'Deleting a client company needs an agency connection.');
    }
    return {
      company,
      readClient: new WoodpeckerV1Client(asCompany),
      agencyClient: new WoodpeckerV2AgencyClient(agency),
      agencyBaseUrl: agency.baseUrl,
      connection: {
        id: accountId({ connectionId: summary.id, companyId: company.id }),
        label: `${summary.label} · ${company.name}`,
        kind: summary.kind,
      },
    };
  }
}
