import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxLogEntry } from './types';

/** Headers whose values are secrets: logged as '<redacted>' (STYLE.md: logs redact secrets). */
const SECRET_HEADERS = new Set(['x-api-key', 'authorization', 'cookie', 'proxy-authorization']);

/** Request headers as logged: lower-case names, multi-values joined, secrets redacted. */
export function loggedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const logged: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    logged[key] = SECRET_HEADERS.has(key)
      ? '<redacted>'
      : Array.isArray(value)
        ? value.join(', ')
        : value;
  }
  return logged;
}

/**
 * Every request in arrival order. The array is the one `sandbox.log` returns
 * and is cleared in place, so a reference taken before `reset()` stays live.
 */
export class RequestLog {
  readonly entries: SandboxLogEntry[] = [];
  private seq = 0;

  begin(
    fields: Pick<SandboxLogEntry, 'method' | 'path' | 'url' | 'query' | 'headers'>,
  ): SandboxLogEntry {
    const now = Date.now();
    const entry: SandboxLogEntry = {
      seq: ++this.seq,
      ...fields,
      account: null,
      status: null,
      applied: false,
      startedAt: now,
      endedAt: now,
    };
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
    this.seq = 0;
  }
}
