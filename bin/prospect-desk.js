#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx prospect-desk` works
// right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
