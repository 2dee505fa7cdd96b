/** What a route answers; server.ts writes it (or mangles it, when a fault says so). */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  /** The exact body text; '' for none. */
  body: string;
}

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

export function emptyResponse(
  status: number,
  headers: Record<string, string> = {},
): SandboxResponse {
  return { status, headers, body: '' };
}

/** Which vendor API a path belongs to: each has its own error envelope. */
export type ApiFamily = 'v1' | 'v2' | 'leads';

export function familyOf(path: string): ApiFamily {
  if (path.startsWith('/rest/v2/')) return 'v2';
  if (path.startsWith('/api/')) return 'leads';
  return 'v1';
}
