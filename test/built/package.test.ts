import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builderConfig } from '../../electron-builder.config';
import { makeTempDir } from '../support/temp-dir';

// What the installers would ship, checked here where electron-builder cannot
// download Electron or its installer tools: the real config packs the built
// app (`--dir`) around a stand-in Electron folder whose "binary" carries a
// fuse wire like the real one, so the asar step and the fuse flipping run for
// real. The installers themselves are built by .github/workflows/desktop.yml.

// @electron/fuses' sentinel, then wire version 1, 8 fuses, Electron 45's defaults.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULT_WIRE = '10110001';

let work: { dir: string; cleanup(): Promise<void> };
let electronDist: string;

beforeAll(async () => {
  work = await makeTempDir();
  electronDist = join(work.dir, 'electron-dist');
  await mkdir(electronDist);
  const binary = join(electronDist, 'electron');
  await writeFile(
    binary,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in for Electron"\n'),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
      Buffer.from(ELECTRON_DEFAULT_WIRE),
    ]),
  );
  await chmod(binary, 0o755);
  const electronVersion = JSON.parse(await readFile('node_modules/electron/package.json', 'utf8'))
    .version as string;
  await writeFile(join(electronDist, 'version'), electronVersion);
  await writeFile(join(electronDist, 'LICENSE'), 'MIT');
  await writeFile(join(electronDist, 'chrome-sandbox'), '');
});
afterAll(() => work.cleanup());

async function pack(env: NodeJS.ProcessEnv, output: string, overrides: object = {}) {
  await build({
    projectDir: resolve('.'),
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      ...builderConfig(env),
      electronDist,
      directories: { output: join(work.dir, output), buildResources: 'resources' },
      ...overrides,
    },
  });
  return join(work.dir, output, 'linux-unpacked');
}

/** Each fuse's state ('0' off, '1' on), read from the wire after the sentinel. */
async function fuseWire(binary: string): Promise<string> {
  const bytes = await readFile(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  expect(at, 'fuse sentinel').toBeGreaterThanOrEqual(FUSE_SENTINEL.length);
  const length = bytes[at + 1] ?? 0;
  return bytes.subarray(at + 2, at + 2 + length).toString('latin1');
}

/** The files (not folders) in an asar, as `/`-separated paths without the leading slash. */
function filesInAsar(asar: string): string[] {
  return listPackage(asar, { isPack: false })
    .filter((path) => !('files' in statFile(asar, path.slice(1))))
    .map((path) => path.slice(1).split(sep).join('/'))
    .sort();
}

/** Every file under `dir`, as `/`-separated paths relative to `base`. */
async function filesUnder(dir: string, base: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(base, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

describe('the packaged app (electron-builder --dir)', () => {
  let release: string;
  beforeAll(async () => {
    release = await pack({}, 'release');
  }, 60_000);

  it('holds exactly the built bundles and package.json: no sources, maps, tests, data or node_modules', async () => {
    const asar = join(release, 'resources', 'app.asar');
    const inAsar = filesInAsar(asar);
    const built = (await filesUnder(resolve('out'), resolve('.'))).filter(
      (f) => !f.endsWith('.map'),
    );
    expect(built.length).toBeGreaterThan(5);
    expect(inAsar).toEqual(['package.json', ...built].sort());
    for (const path of inAsar) {
      expect(path, path).not.toMatch(/(^|\/)(node_modules|src|test|docs|bench)\//);
      expect(path, path).not.toMatch(/\.(map|ts|tsx)$/);
    }

    const manifest = JSON.parse(extractFile(asar, 'package.json').toString()) as Record<
      string,
      unknown
    >;
    expect(manifest.main).toBe('out/main/index.js');
    expect(manifest.dependencies ?? {}).toEqual({});

    // Beside the asar: Electron's own files, nothing unpacked, nothing of ours.
    expect(await filesUnder(release, release)).toEqual([
      'LICENSE.electron.txt',
      'chrome-sandbox',
      'prospect-desk',
      'resources/app.asar',
      'version',
    ]);
  });

  it('sets the release fuses: no run-as-node, NODE_OPTIONS or inspect; asar only, checked; cookies encrypted', async () => {
    const wire = await fuseWire(join(release, 'prospect-desk'));
    const state = (index: number) => wire[index];
    expect({
      runAsNode: state(0),
      enableCookieEncryption: state(1),
      enableNodeOptionsEnvironmentVariable: state(2),
      enableNodeCliInspectArguments: state(3),
      enableEmbeddedAsarIntegrityValidation: state(4),
      onlyLoadAppFromAsar: state(5),
      loadBrowserProcessSpecificV8Snapshot: state(6),
      grantFileProtocolExtraPrivileges: state(7),
    }).toEqual({
      runAsNode: '0',
      enableCookieEncryption: '1',
      enableNodeOptionsEnvironmentVariable: '0',
      enableNodeCliInspectArguments: '0',
      enableEmbeddedAsarIntegrityValidation: '1',
      onlyLoadAppFromAsar: '1',
      loadBrowserProcessSpecificV8Snapshot: '0',
      grantFileProtocolExtraPrivileges: '0',
    });
  });

  it('keeps CLI inspect on in the test build only, which Playwright needs', async () => {
    const testBuild = await pack({ PROSPECT_DESK_TEST_BUILD: '1' }, 'test-build');
    // Only the inspect fuse (index 3) differs from the release wire.
    expect(await fuseWire(join(testBuild, 'prospect-desk'))).toBe('01011100');
  }, 60_000);

  it('validates the whole config (every platform) against electron-builder’s schema', async () => {
    // The packs above passed validation; a typo in any platform's section fails it.
    await expect(pack({}, 'typo', { nsis: { oneClik: false } as object })).rejects.toThrow(
      /Invalid configuration object/,
    );
    await expect(pack({}, 'typo-mac', { mac: { hardendRuntime: true } as object })).rejects.toThrow(
      /Invalid configuration object/,
    );
  });

  it('registers .csv and .tsv, and describes the app for Linux desktops', () => {
    const config = builderConfig({});
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'csv', mimeType: 'text/csv' }),
      expect.objectContaining({ ext: 'tsv', mimeType: 'text/tab-separated-values' }),
    ]);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.linux?.desktop?.entry).toMatchObject({ Name: 'Prospect Desk' });
  });
});
