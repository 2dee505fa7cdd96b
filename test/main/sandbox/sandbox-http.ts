import { z } from 'zod';
import type { Sandbox } from '../../../src/main/sandbox/types';

/** Raw HTTP against the sandbox: these tests check the sandbox itself, so no client code. */

export function woodpecker(
  sandbox: Sandbox,
  path: string,
  init: RequestInit & { key?: string; companyId?: number } = {},
): Promise<Response> {
  const { key = sandbox.keys.woodpecker, companyId, headers, ...rest } = init;
  return fetch(`${sandbox.url}${path}`, {
    ...rest,
    headers: {
      'x-api-key': key,
      ...(companyId !== undefined && { 'x-company-id': String(companyId) }),
      ...(rest.body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
  });
}

export function leads(
  sandbox: Sandbox,
  path: string,
  init: RequestInit & { key?: string } = {},
): Promise<Response> {
  const { key = sandbox.keys.leads, headers, ...rest } = init;
  return fetch(`${sandbox.url}${path}`, {
    ...rest,
    headers: {
      authorization: `Bearer ${key}`,
      ...(rest.body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
  });
}

export function updateBody(body: unknown): RequestInit {
  return { method: 'POST', body: JSON.stringify(body) };
}

/** Waits (polling, no time limit of its own) until the sandbox has seen something. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

export const V1_PROSPECT_KEYS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'company',
  'organization_id',
  'industry',
  'website',
  'linkedin_url',
  'tags',
  'title',
  'phone',
  'address',
  'city',
  'state',
  'country',
  'last_contacted',
  'last replied',
  'updated',
  'encrypted',
  'snipet1',
  'snipet2',
  'snipet3',
  'snipet4',
  ...Array.from({ length: 15 }, (_, i) => `snippet${i + 1}`),
  'snippet_labels',
  'status',
];

/** A v1 list page, loosely: tests look at whichever fields they need. */
export const ProspectRows = z.array(z.looseObject({ id: z.number().int(), email: z.string() }));

/** The v1 error envelope. */
export const V1Error = z.object({
  status: z.object({ status: z.literal('ERROR'), code: z.string(), msg: z.string() }),
});
