// Where Electron's binary is, whether it is installed, and how to fetch it.
//
// Electron 45's npm package ships without its binary: its `install-electron`
// command (node_modules/electron/install.js) downloads it and then writes
// node_modules/electron/path.txt, which electron-vite reads before it starts
// anything (../shared/notes/electron-facts.md). Used by the postinstall, by
// `npm start`/`npm run dev` and by the real-Electron test runner.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The `electron` package folder (node_modules/electron). */
export function electronPackageDir() {
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

/**
 * The binary's path when it is installed, else null: path.txt names it
 * relative to dist/, and the file must be there (a half-extracted download
 * leaves path.txt out, an interrupted one the binary).
 */
export function installedElectronBinary(packageDir = electronPackageDir()) {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** True when the environment asks us not to download the binary (offline CI, this machine). */
export function binaryDownloadSkipped(env = process.env) {
  const value = (env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * Runs the package's own installer (honours ELECTRON_MIRROR and the other
 * @electron/get variables). Resolves `{ ok: true }`, or `{ ok: false, reason }`
 * with the installer's first error line (its stack trace is not for users).
 */
export function downloadElectronBinary(packageDir = electronPackageDir()) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code) => {
      if (code === 0 && installedElectronBinary(packageDir)) return resolve({ ok: true });
      resolve({ ok: false, reason: firstErrorLine(stderr) ?? `the installer exited with ${code}` });
    });
  });
}

/** The first line of an error output that says something (not a stack frame). */
export function firstErrorLine(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('at '));
}
