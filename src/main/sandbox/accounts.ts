import { familyError, leadsError, V1_MESSAGES, v1Error, v2Error } from './envelopes';
import type { ApiFamily, SandboxResponse } from './response';
import { companyAccount } from './seed-data';
import type { Sandbox, SandboxAccountId } from './types';

/** The keys the sandbox accepts; well known, so the app and tests can use them as is. */
export function sandboxKeys(companyIds: readonly number[]): Sandbox['keys'] {
  return {
    woodpecker: 'sandbox-woodpecker-key',
    agency: 'sandbox-agency-key',
    companies: Object.fromEntries(companyIds.map((id) => [id, `sandbox-company-${id}-key`])),
    noPermission: 'sandbox-no-permission-key',
    leads: 'sandbox-leads-key',
  };
}

/** What kind of key a request carried. */
export type KeyKind = 'main' | 'agency' | 'company' | 'leads';

export type AuthResult =
  { ok: true; account: SandboxAccountId; kind: KeyKind } | { ok: false; response: SandboxResponse };

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Resolves a request's key to the account it acts on, or the family's own
 * 401/403 answer (notes/api-facts.md, "authentication"):
 * - v1/v2 read `x-api-key`; Leads reads `Authorization: Bearer <key>`.
 * - The agency key acts as a client company with `x-company-id` (v1 only;
 *   v2 addresses the company in its path). An unknown company, or
 *   `x-company-id` with another company's or a non-agency key, is 403.
 * - The key without the API add-on is 403 `E_NO_PERMISSION`.
 */
export function authenticate(
  keys: Sandbox['keys'],
  family: ApiFamily,
  headers: Headers,
  path: string,
): AuthResult {
  if (family === 'leads') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '');
    if (match?.[1] !== keys.leads) {
      return { ok: false, response: leadsError(401, 'Unauthorized', 'UNAUTHORIZED') };
    }
    return { ok: true, account: 'leads', kind: 'leads' };
  }

  const key = header(headers, 'x-api-key');
  const denied = (msg: string): AuthResult => ({
    ok: false,
    response: family === 'v1' ? v1Error(403, 'E_NO_PERMISSION', msg) : v2Error(403, msg),
  });
  if (key !== undefined && key === keys.noPermission)
    return denied(V1_MESSAGES.E_NO_PERMISSION_ADDON);

  let found: { kind: 'main' | 'agency' | 'company'; companyId?: number } | undefined;
  if (key === keys.woodpecker) found = { kind: 'main' };
  else if (key === keys.agency) found = { kind: 'agency' };
  else {
    for (const [id, companyKey] of Object.entries(keys.companies)) {
      if (key === companyKey) found = { kind: 'company', companyId: Number(id) };
    }
  }
  if (!found) return { ok: false, response: familyError(family, 401, path) };

  if (family === 'v2') {
    const account =
      found.kind === 'company' && found.companyId !== undefined
        ? companyAccount(found.companyId)
        : found.kind;
    return { ok: true, account, kind: found.kind };
  }

  const companyHeader = header(headers, 'x-company-id');
  if (companyHeader === undefined) {
    if (found.kind === 'company' && found.companyId !== undefined) {
      return { ok: true, account: companyAccount(found.companyId), kind: 'company' };
    }
    return { ok: true, account: found.kind, kind: found.kind };
  }
  const companyId = /^\d+$/.test(companyHeader.trim()) ? Number(companyHeader.trim()) : NaN;
  const known = Object.hasOwn(keys.companies, companyId);
  const allowed =
    known &&
    (found.kind === 'agency' || (found.kind === 'company' && found.companyId === companyId));
  if (!allowed) return denied(V1_MESSAGES.E_NO_PERMISSION);
  return { ok: true, account: companyAccount(companyId), kind: found.kind };
}
