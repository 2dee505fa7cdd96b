import { spawn } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';

// `npm start` / `npm run dev` (scripts/start.mjs) and the postinstall
// (scripts/postinstall.mjs), run as a new user would, in a scratch project
// whose node_modules hold a stand-in `electron` package (an installer that
// fails like a machine without internet, or succeeds) and a stand-in
// electron-vite that says how it was called.

let project: { dir: string; cleanup(): Promise<void> };

beforeEach(async () => {
  project = await makeTempDir();
  await mkdir(join(project.dir, 'scripts'));
  for (const script of ['start.mjs', 'postinstall.mjs', 'electron-binary.mjs']) {
    await copyFile(join('scripts', script), join(project.dir, 'scripts', script));
  }
  const vite = join(project.dir, 'node_modules', 'electron-vite');
  await mkdir(join(vite, 'bin'), { recursive: true });
  await writeFile(join(vite, 'package.json'), '{"name":"electron-vite","version":"6.0.0"}');
  await writeFile(
    join(vite, 'bin', 'electron-vite.js'),
    'console.log(`electron-vite ${process.argv.slice(2).join(" ")}`);',
  );
  await electronPackage('offline');
});
afterEach(() => project.cleanup());

/** The `electron` package as npm installs it: no binary until install.js has run. */
async function electronPackage(installer: 'offline' | 'works' | 'installed') {
  const dir = join(project.dir, 'node_modules', 'electron');
  await mkdir(join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"name":"electron","version":"45.6.1"}');
  const download = {
    // What @electron/get prints when GitHub cannot be reached: a stack trace.
    offline: `console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13\\n    at async downloadArtifact (index.js:154:12)'); process.exit(1);`,
    works: `const fs = require('fs'); const p = require('path');
      fs.writeFileSync(p.join(__dirname, 'dist', 'electron'), 'binary');
      fs.writeFileSync(p.join(__dirname, 'path.txt'), 'electron');`,
    installed: `throw new Error('must not download again');`,
  }[installer];
  await writeFile(join(dir, 'install.js'), download);
  if (installer === 'installed') {
    await writeFile(join(dir, 'dist', 'electron'), 'binary');
    await writeFile(join(dir, 'path.txt'), 'electron');
  }
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const cleanEnv = { ...process.env };
  delete cleanEnv.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join('scripts', script), ...args], {
      cwd: project.dir,
      env: { ...cleanEnv, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start', () => {
  it('without the binary and with downloads switched off, says so in one line and what to do', async () => {
    const result = await run('start.mjs', ['preview'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^prospect-desk: Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set: .*npx install-electron --no/,
      ),
    ]);
  });

  it('fetches a missing binary, and when it cannot, prints one line: no stack trace', async () => {
    const result = await run('start.mjs', ['preview']);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      "prospect-desk: Electron's binary is missing and could not be downloaded (TypeError: fetch failed): connect to the internet (or set ELECTRON_MIRROR to a reachable mirror) and run `npm start` again.",
    ]);
    expect(result.stdout).not.toContain('electron-vite');
  });

  it('fetches a missing binary, then builds and launches (preview), or hot-reloads (dev)', async () => {
    await electronPackage('works');
    const first = await run('start.mjs', ['preview']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain("downloading Electron's binary");
    expect(first.stdout).toContain('electron-vite preview');

    const dev = await run('start.mjs', ['dev', '--rendererOnly']);
    expect(dev.stdout).not.toContain('downloading');
    expect(dev.stdout.trim()).toBe('electron-vite dev --rendererOnly');
  });
});

describe('npm install (postinstall)', () => {
  it('downloads the binary when it can', async () => {
    await electronPackage('works');
    const result = await run('postinstall.mjs', []);
    expect(result).toEqual({
      code: 0,
      stdout: "prospect-desk: Electron's binary is installed.\n",
      stderr: '',
    });
  });

  it('never fails the install: offline, or with downloads switched off, it says so in one line', async () => {
    const offline = await run('postinstall.mjs', []);
    expect(offline.code).toBe(0);
    expect(offline.stdout.trimEnd().split('\n')).toEqual([
      "prospect-desk: could not download Electron's binary (TypeError: fetch failed); npm test does not need it, npm start will try again.",
    ]);
    const skipped = await run('postinstall.mjs', [], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
  });

  it('does nothing when the binary is already there', async () => {
    await electronPackage('installed');
    expect(await run('postinstall.mjs', [])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
