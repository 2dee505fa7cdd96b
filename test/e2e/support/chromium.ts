/**
 * How the system Chromium is launched, for the e2e tests and the benches:
 * `npx playwright install` cannot run here (no network), so Playwright's own
 * browsers are never used.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The network is closed: without these Chromium keeps dialing Google services
 * (refused connections, noise and delays). --no-sandbox: CI runs as root.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
