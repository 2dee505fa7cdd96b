import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The main-process log, with secrets redacted before anything is written.
 *
 * Every key main handles is registered here the moment it is seen (saved,
 * decrypted or read from the environment), and header-shaped secrets are
 * masked by pattern too, so a stray `console.error(request)` cannot leak one.
 */
const secrets = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret.length >= 4) secrets.add(secret);
}

const HEADER_PATTERNS: RegExp[] = [
  /(x-api-key["']?\s*[:=]\s*["']?)[^"',\s}]+/gi,
  /(authorization["']?\s*[:=]\s*["']?bearer\s+)[^"',\s}]+/gi,
];

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('<redacted>');
  for (const pattern of HEADER_PATTERNS) out = out.replace(pattern, '$1<redacted>');
  return out;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, data?: unknown): void;
}

/** Where main's log lives in the data folder. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'main.log');
}

/** Appends JSON lines to `file` (sync: a log line must survive a crash). */
export function createFileLogger(file: string): Logger {
  mkdirSync(dirname(file), { recursive: true });
  return {
    log(level, message, data) {
      const line = JSON.stringify({ at: new Date().toISOString(), level, message, data });
      appendFileSync(file, `${redact(line)}\n`, { mode: 0o600 });
    },
  };
}
