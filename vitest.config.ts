import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Sandbox tests bind 127.0.0.1:0 and finish in well under a second each;
    // a generous timeout only guards against hangs, it is not a speed goal.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
