import { runCli } from './main';

// The command-line tool on plain Node (`node out/main/cli.js …`): no Electron,
// so saved keys stay unreadable here and keyed commands take `--key-env`.
// Installed apps run the same tool through their own binary (`--cli`, see
// src/main/index.ts), where the OS keychain can decrypt saved keys.
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
