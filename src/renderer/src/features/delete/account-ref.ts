import type { AccountRef, ConnectionSummary } from '../../../../shared/connections';

/**
 * The account a run was backed up from. Main names a client company's
 * account `<connection id>#<company id>` (delete-service.ts), so the
 * connection id is the part before '#'.
 */
export function runAccount(connection: { id: string; companyId?: number }): AccountRef {
  const connectionId = connection.id.split('#')[0] ?? connection.id;
  return connection.companyId === undefined
    ? { connectionId }
    : { connectionId, companyId: connection.companyId };
}

/** "Sandbox" or "Agency · Acme (company 101)". */
export function accountLabel(
  connection: { label: string; companyId?: number },
  summary?: ConnectionSummary,
): string {
  if (connection.companyId === undefined) return connection.label;
  const company = summary?.companies.find((c) => c.id === connection.companyId);
  return `${connection.label} · ${company ? `${company.name} (company ${company.id})` : `company ${connection.companyId}`}`;
}

/** Ids of runs backed up in this session: what a resume must send back to main. */
export const sessionRunIds = new Map<string, string[]>();
