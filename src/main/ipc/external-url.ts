/**
 * The only links the app opens in the user's browser: https pages of the
 * vendors we integrate with. Anything else is refused (a prospect's website
 * in a snippet must not become a click-to-open vector).
 */
const ALLOWED_HOSTS = new Set([
  'woodpecker.co',
  'www.woodpecker.co',
  'app.woodpecker.co',
  'docs.woodpecker.co',
  'help.woodpecker.co',
]);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' && !url.username && !url.password && ALLOWED_HOSTS.has(url.hostname)
  );
}
