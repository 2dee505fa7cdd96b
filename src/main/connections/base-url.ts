import { AppError } from '../app-error';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Normalises a user-given API base URL to its origin.
 *
 * Keys travel in headers, so plain http is refused except on this machine's
 * loopback (the local sandbox, a developer's test server).
 */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError(
      'validation',
      `"${raw}" is not a URL. Use the form https://api.example.com.`,
    );
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AppError(
      'validation',
      'The base URL must start with https:// (plain http is only allowed for 127.0.0.1/localhost).',
    );
  }
  if (url.username || url.password) {
    throw new AppError('validation', 'Put the key in the key field, not in the URL.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}`;
}
