import type { ClientCompany, ConnectionTestResult } from '../../shared/connections';
import { LeadsClient } from '../api/leads/client';
import { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import type { AccountCredentials } from './connections-service';

/**
 * "Test connection": one cheap authenticated read that proves the key works
 * and tells the user how big the account is. For an agency connection tested
 * as itself, each client company is counted too (one request each, in turn).
 */
export async function testAccount(
  credentials: AccountCredentials,
  companies: { company: ClientCompany; credentials: AccountCredentials }[] = [],
  signal?: AbortSignal,
): Promise<ConnectionTestResult> {
  const checkedAt = () => new Date().toISOString();
  if (credentials.api === 'leads') {
    const client = new LeadsClient({ baseUrl: credentials.baseUrl, apiKey: credentials.apiKey });
    const page = await client.list({ page: 1, limit: 1 }, signal);
    return { count: page.pagination.total, unit: 'leads', checkedAt: checkedAt() };
  }
  const count = await new WoodpeckerV1Client(credentials).countProspects(signal);
  if (companies.length === 0) return { count, unit: 'prospects', checkedAt: checkedAt() };
  const perCompany: NonNullable<ConnectionTestResult['companies']> = [];
  for (const { company, credentials: companyCredentials } of companies) {
    if (companyCredentials.api !== 'woodpecker') continue;
    const companyCount = await new WoodpeckerV1Client(companyCredentials).countProspects(signal);
    perCompany.push({ ...company, count: companyCount });
  }
  return { count, unit: 'prospects', companies: perCompany, checkedAt: checkedAt() };
}
