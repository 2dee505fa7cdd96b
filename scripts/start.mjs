// `npm start` (electron-vite preview: build, then launch) and `npm run dev`
// (electron-vite dev: hot reload). electron-vite throws a stack trace when
// Electron's binary is missing; this fetches it first, or says in one line why
// it cannot and what to do.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  binaryDownloadSkipped,
  downloadElectronBinary,
  installedElectronBinary,
} from './electron-binary.mjs';

/** Why the app cannot start, in one line with what to do; null when the binary is ready. */
async function missingBinary() {
  if (installedElectronBinary()) return null;
  if (binaryDownloadSkipped()) {
    return (
      "Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set: " +
      'unset it and run `npx install-electron --no` on a machine with internet access, then `npm start`.'
    );
  }
  console.log("prospect-desk: downloading Electron's binary (once)…");
  const result = await downloadElectronBinary();
  if (result.ok) return null;
  return (
    `Electron's binary is missing and could not be downloaded (${result.reason}): ` +
    'connect to the internet (or set ELECTRON_MIRROR to a reachable mirror) and run `npm start` again.'
  );
}

const problem = await missingBinary();
if (problem) {
  console.error(`prospect-desk: ${problem}`);
  process.exitCode = 1;
} else {
  const command = process.argv[2] === 'dev' ? 'dev' : 'preview';
  const require = createRequire(import.meta.url);
  const cli = join(
    dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const child = spawn(process.execPath, [cli, command, ...process.argv.slice(3)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => (process.exitCode = code ?? (signal ? 1 : 0)));
}
