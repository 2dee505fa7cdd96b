import { defineConfig } from 'vitest/config';

const shared = {
  environment: 'node',
  // Sandbox tests bind 127.0.0.1:0 and finish in well under a second each;
  // a generous timeout only guards against hangs, it is not a speed goal.
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: 'forks',
} as const;

/**
 * Two projects: `unit` needs nothing but the sources; `built` checks what the
 * build produced (out/: the main bundle booted against a stand-in Electron, the
 * packaged app's file list), so `npm run test:built` builds first.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/built/**'],
        },
      },
      { test: { ...shared, name: 'built', include: ['test/built/**/*.test.ts'] } },
    ],
  },
});
