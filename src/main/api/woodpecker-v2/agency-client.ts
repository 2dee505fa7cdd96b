import { AppError } from '../../app-error';
import { accountQueueKey } from '../http/account-queue';
import { apiRoot } from '../http/api-root';
import { sendRequest } from '../http/http-client';
import type { ApiTarget, HttpOptions } from '../http/http-client';
import { WoodpeckerAgencyDeleteWire } from './schemas';

/** An agency (HQ) key; it acts on client companies by id. */
export interface WoodpeckerAgencyAccount {
  /** Origin, e.g. `https://api.woodpecker.co`; `/rest/v2/...` is appended. */
  baseUrl: string;
  apiKey: string;
}

/** What Woodpecker accepted: its request id and how many prospects it will remove. */
export interface AgencyDeletion {
  deletionRequestId: number;
  count: number;
}

/**
 * The Woodpecker v2 agency endpoints we use. The only one is irreversible, so
 * it is sent exactly once, never retried (not even after 429: the caller
 * reports it and the user decides).
 */
export class WoodpeckerV2AgencyClient {
  private readonly root: string;
  private readonly target: ApiTarget;

  constructor(
    account: WoodpeckerAgencyAccount,
    private readonly options: HttpOptions = {},
  ) {
    this.root = apiRoot(account.baseUrl, '/rest');
    this.target = {
      service: 'Woodpecker',
      headers: { 'x-api-key': account.apiKey },
      secret: account.apiKey,
      // The request is made by the agency account itself, not as the client company.
      queueKey: accountQueueKey(this.root, account.apiKey),
    };
  }

  /**
   * Deletes ALL prospects of a client company (`{"type": "ALL"}`, answered
   * 202 and carried out asynchronously by Woodpecker). A timeout or broken
   * connection throws ApiError with `outcomeUnknown`: check the company's
   * prospects before doing anything else.
   */
  async deleteAllCompanyProspects(
    companyId: number,
    signal?: AbortSignal,
  ): Promise<AgencyDeletion> {
    if (!Number.isSafeInteger(companyId) || companyId <= 0) {
      throw new AppError('validation', `Company id ${companyId} is not valid.`);
    }
    return sendRequest(
      this.target,
      {
        method: 'POST',
        url: `${this.root}/rest/v2/agency/companies/${companyId}/prospects/delete`,
        body: { type: 'ALL' },
        kind: 'write',
        noRetry: true,
        signal,
        read: (answer) => {
          const body = WoodpeckerAgencyDeleteWire.parse(answer.json());
          return { deletionRequestId: body.deletion_request_id, count: body.count };
        },
      },
      this.options,
    );
  }
}
