import type { ClientCompany, ConnectionTestResult } from '../../shared/connections';
import type { HttpOptions } from '../api/http/http-client';
import { LeadsClient } from '../api/leads/client';
import { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import type { AccountCredentials } from './connections-service';

// A click waits out a short busy spell, not the minutes a job may (Settings).
const TEST_HTTP: HttpOptions = { busy: { maxTotalWaitMs: 30_000 } };

/**
 * "Test connection": one cheap authenticated read that proves the key works
 * and tells the user how big the account is (a Leads API that gives no total,
 * as the docs show none, answers `count: null`). For an agency connection tested
 * as itself, each client company is counted too (one request each, in turn).
 */
export async function testAccount(
  credentials: AccountCredentials,
  companies: { company: ClientCompany; credentials: AccountCredentials }[] = [],
  signal?: AbortSignal,
): Promise<ConnectionTestResult> {
  const checkedAt = () => new Date().toISOString();
  if (credentials.api === 'leads') {
    const client = new LeadsClient(
      { baseUrl: credentials.baseUrl, apiKey: credentials.apiKey },
      TEST_HTTP,
    );
    const page = await client.list({ limit: 1 }, signal);
    return { count: page.paging.total ?? null, unit: 'leads', checkedAt: checkedAt() };
  }
  const count = await new WoodpeckerV1Client(credentials, TEST_HTTP).countProspects(signal);
  if (companies.length === 0) return { count, unit: 'prospects', checkedAt: checkedAt() };
  const perCompany: NonNullable<ConnectionTestResult['companies']> = [];
  for (const { company, credentials: companyCredentials } of companies) {
    if (companyCredentials.api !== 'woodpecker') continue;
    const companyCount = await new WoodpeckerV1Client(companyCredentials, TEST_HTTP).countProspects(
      signal,
    );
    perCompany.push({ ...company, count: companyCount });
  }
  return { count, unit: 'prospects', companies: perCompany, checkedAt: checkedAt() };
}
