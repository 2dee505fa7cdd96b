#!/usr/bin/env node
// Generates every app icon the packager (electron-builder) needs from the one drawn source,
// resources/icon.svg. Each size is rasterised from the vector with resvg, never scaled down
// from a big PNG, so small sizes stay sharp. It writes, under resources/:
//
//   icon.png             1024x1024: the generic source electron-builder accepts for any
//                        platform (and the largest size anything asks for).
//   icons/<N>x<N>.png    N = 16 24 32 48 64 128 256 512 1024: electron-builder's Linux icon-set
//                        folder naming; each becomes the AppImage/deb desktop-entry icon and the
//                        hicolor theme size of the same name (16-48 for menus and lists, 64-256
//                        for launchers and docks, 512/1024 for HiDPI software centres).
//   icon.ico             Windows: 16 (title bar, small list view), 24 (taskbar at 150 %),
//                        32 (taskbar, Alt+Tab), 48 (desktop, medium icons), 64 (HiDPI desktop),
//                        128 and 256 (large and extra-large icons in Explorer). Windows icons
//                        fill their square, unlike macOS ones, so these are rendered with the
//                        view box tightened onto the tile (see WINDOWS_VIEW_BOX). png-to-ico
//                        stores every entry, 256 included, as a 32-bit BMP with alpha, which
//                        every Windows version reads (hence the ~370 KB).
//   icon.icns            macOS, with the modern PNG-based OSTypes: icp4 16, icp5 32, icp6 64,
//                        ic07 128, ic08 256, ic09 512, ic10 1024 (= 512@2x) and the Retina
//                        doubles ic11 32 (= 16@2x), ic12 64 (= 32@2x), ic13 256 (= 128@2x),
//                        ic14 512 (= 256@2x). Finder, the Dock and Spotlight pick from these.
//
// The output is deterministic (same bytes for the same SVG and library versions: no system
// fonts, no timestamps, fixed entry order), so test/resources/icons.test.ts can run `--check`
// to prove the committed files are up to date.
//
// Usage: node scripts/generate-icons.mjs [--check] [--resources <dir>]
//   --check            regenerate in memory; exit 1 naming the files that differ, else exit 0.
//   --resources <dir>  read icon.svg from, and write or check the files in, <dir>
//                      (default: resources/ at the repo root; the test points it at a copy).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Icns, IcnsImage } from '@fiahfy/icns';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE_VIEW_BOX = 'viewBox="0 0 1024 1024"';
// The macOS artboard keeps a 100-unit transparent margin round the 824-unit tile (Apple's
// safe area). On Windows that margin would make the icon look smaller than its neighbours
// in the taskbar, so the .ico keeps only 16 units of it: enough that the anti-aliased
// corners are not clipped.
const WINDOWS_VIEW_BOX = 'viewBox="84 84 856 856"';

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const WINDOWS_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** @type {ReadonlyArray<readonly [import('@fiahfy/icns').OSType, number]>} */
const MACOS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/**
 * @param {string} svg
 * @param {number} size
 * @returns {Buffer}
 */
function renderPng(svg, size) {
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    // The icon has no text; skipping font discovery is faster and keeps the output
    // independent of the fonts installed on the machine.
    font: { loadSystemFonts: false },
  }).render();
  if (rendered.width !== size || rendered.height !== size) {
    throw new Error(
      `icon.svg rendered at ${rendered.width}x${rendered.height}, not ${size}x${size}`,
    );
  }
  return rendered.asPng();
}

/**
 * Every generated file, by path relative to the resources folder, in a fixed order.
 * @param {string} svg the contents of icon.svg
 * @returns {Promise<Map<string, Buffer>>}
 */
async function generateIcons(svg) {
  if (svg.split(SOURCE_VIEW_BOX).length !== 2) {
    // The Windows framing is a swap of this exact attribute; fail loudly rather than
    // silently render the .ico with the macOS margin.
    throw new Error(`icon.svg must have exactly one ${SOURCE_VIEW_BOX} (a 1024 artboard)`);
  }
  const windowsSvg = svg.replace(SOURCE_VIEW_BOX, WINDOWS_VIEW_BOX);

  /** @type {Map<number, Buffer>} */
  const png = new Map(LINUX_SIZES.map((size) => [size, renderPng(svg, size)]));
  const at = (/** @type {number} */ size) => {
    const buffer = png.get(size);
    if (!buffer) throw new Error(`no ${size}x${size} render`);
    return buffer;
  };

  const files = new Map();
  files.set('icon.png', at(1024));
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, at(size));
  files.set('icon.ico', await pngToIco(WINDOWS_SIZES.map((size) => renderPng(windowsSvg, size))));
  const icns = new Icns();
  for (const [osType, size] of MACOS_TYPES) icns.append(IcnsImage.fromPNG(at(size), osType));
  files.set('icon.icns', icns.data);
  return files;
}

/** @param {string} file */
async function readIfExists(file) {
  try {
    return await readFile(file);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      resources: { type: 'string', default: path.join(repoRoot, 'resources') },
    },
  });
  const dir = path.resolve(values.resources);
  const files = await generateIcons(await readFile(path.join(dir, 'icon.svg'), 'utf8'));

  if (values.check) {
    const stale = [];
    for (const [name, data] of files) {
      const committed = await readIfExists(path.join(dir, name));
      if (!committed || !committed.equals(data)) stale.push(name);
    }
    if (stale.length > 0) {
      console.error(
        `Icons are stale, run \`node scripts/generate-icons.mjs\`: ${stale.join(', ')}`,
      );
      process.exitCode = 1;
    } else {
      console.log(`Icons are up to date (${files.size} files).`);
    }
    return;
  }

  await mkdir(path.join(dir, 'icons'), { recursive: true });
  for (const [name, data] of files) await writeFile(path.join(dir, name), data);
  console.log(`Wrote ${files.size} icon files to ${path.relative(process.cwd(), dir) || '.'}.`);
}

await main();
