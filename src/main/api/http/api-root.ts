import { AppError } from '../../app-error';

/**
 * A client's API root from a connection's base URL: origin plus any path,
 * without trailing slashes, and without a trailing segment the client appends
 * itself (users paste `https://api.woodpecker.co/rest`, as the vendor's docs
 * write it, as readily as the bare origin).
 */
export function apiRoot(baseUrl: string, appendedByClient: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new AppError('validation', 'The base URL is not valid. Check it in Connections.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('validation', 'The base URL must start with https://.');
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (path.toLowerCase().endsWith(appendedByClient.toLowerCase())) {
    path = path.slice(0, path.length - appendedByClient.length);
  }
  return `${url.origin}${path}`;
}
