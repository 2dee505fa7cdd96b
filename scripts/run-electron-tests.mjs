// The real-Electron suite (test/electron, playwright.electron.config.ts), as `npm test`
// runs it. Where Electron's binary is not installed (this project's offline machines:
// decision 001) it says so in one line and succeeds: the suite runs in CI
// (.github/workflows/desktop.yml). Otherwise it runs Playwright with our stdio and exits
// with its code; extra arguments go to `playwright test` (`-g`, `--headed`, …).
//
// `PROSPECT_DESK_EXECUTABLE=/path/to/unpacked/binary` tests a packaged build instead of
// the checkout's `npm run build` output. On Linux without a display the run goes
// through `xvfb-run -a`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedElectronBinary } from './electron-binary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fail = (line) => {
  console.error(`Real-Electron suite: ${line}`);
  process.exit(1);
};

const executable = process.env.PROSPECT_DESK_EXECUTABLE?.trim();
if (executable) {
  if (!existsSync(executable))
    fail(`PROSPECT_DESK_EXECUTABLE names ${executable}, which does not exist.`);
} else {
  if (!installedElectronBinary()) {
    console.log(
      'Real-Electron suite skipped: Electron\'s binary is not installed here (run "npx install-electron --no" where GitHub is reachable); it runs in CI: .github/workflows/desktop.yml',
    );
    process.exit(0);
  }
  const main = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main;
  if (!existsSync(join(root, main))) fail(`${main} is missing: run "npm run build" first.`);
}

// Playwright's own entry, run by this Node: no npx, no shell, the same on Windows.
const playwright = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
let command = process.execPath;
let args = [playwright, 'test', '-c', 'playwright.electron.config.ts', ...process.argv.slice(2)];

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  const xvfbRun = findOnPath('xvfb-run');
  if (!xvfbRun)
    fail('no display (DISPLAY is not set) and xvfb-run is not installed (apt-get install xvfb).');
  // 24-bit colour and room for the 1280×820 window; -a picks a free display number.
  args = ['-a', '-s', '-screen 0 1920x1080x24', command, ...args];
  command = xvfbRun;
}

const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: false });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`could not start ${command}: ${error.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** The first executable file called `name` on PATH, or null. */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}
