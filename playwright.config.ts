import { defineConfig } from '@playwright/test';

/**
 * e2e tests drive the built renderer (`npx electron-vite build` → out/renderer) in the
 * system Chromium: `npx playwright install` cannot run here (no network), so Playwright's
 * own browsers are never used. One worker: CI machines have 2 cores.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // The network is closed: without these Chromium keeps dialing Google services
      // (refused connections, noise and delays). --no-sandbox: CI runs as root.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
