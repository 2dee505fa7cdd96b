import { defineConfig } from '@playwright/test';

/**
 * The real app in real Electron (test/electron): the specs start Electron
 * themselves with `_electron` (test/electron/support/launch.ts), so no browser
 * and no `use` launch options here. Run through `node scripts/run-electron-tests.mjs`,
 * which skips the suite where Electron's binary is not installed and adds
 * xvfb on Linux. Against the checkout's build by default; against a packaged
 * app with `PROSPECT_DESK_EXECUTABLE` (CI: .github/workflows/desktop.yml).
 *
 * Traces and screenshots are written for every launch by the `launch`
 * fixture (Playwright's `use.trace` covers only its own browsers) and kept
 * for failed tests only.
 */
const target = process.env.PROSPECT_DESK_EXECUTABLE ? 'packaged' : 'dev';

export default defineConfig({
  testDir: 'test/electron',
  testMatch: '*.spec.ts',
  // One folder per target: CI runs the suite twice and each run empties its own.
  outputDir: `test-results/electron/${target}`,
  preserveOutput: 'failures-only',
  // One app at a time: each is a whole Electron with its own profile, and CI has 2-3 cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['html', { outputFolder: `playwright-report/electron/${target}`, open: 'never' }],
  ],
});
