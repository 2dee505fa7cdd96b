import { spawn } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../support/temp-dir';

// The packager reads these files; they are generated from resources/icon.svg by
// scripts/generate-icons.mjs and committed. These tests parse the containers by hand so a
// bug in the libraries the script uses cannot hide behind the same libraries reading back.

const RESOURCES = join(process.cwd(), 'resources');
const SCRIPT = join(process.cwd(), 'scripts', 'generate-icons.mjs');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const WINDOWS_SIZES = [16, 24, 32, 48, 64, 128, 256];
const MACOS_TYPES: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function runScript(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function readIhdr(png: Buffer) {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png.readUInt8(24),
    colorType: png.readUInt8(25),
    interlace: png.readUInt8(28),
  };
}

/** Just enough of a PNG decoder for what resvg writes: 8-bit RGBA, not interlaced. */
function decodeRgba(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const { width, height, bitDepth, colorType, interlace } = readIhdr(png);
  expect({ bitDepth, colorType, interlace }).toEqual({ bitDepth: 8, colorType: 6, interlace: 0 });
  const idat: Buffer[] = [];
  for (let pos = 8; pos < png.length;) {
    const length = png.readUInt32BE(pos);
    if (png.toString('latin1', pos + 4, pos + 8) === 'IDAT') {
      idat.push(png.subarray(pos + 8, pos + 8 + length));
    }
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  const px = (i: number) => pixels[i] ?? 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const i = y * stride + x;
      const left = x >= 4 ? px(i - 4) : 0;
      const up = y > 0 ? px(i - stride) : 0;
      const upLeft = x >= 4 && y > 0 ? px(i - stride - 4) : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else expect(filter).toBe(0);
      pixels[i] = ((raw[y * (stride + 1) + 1 + x] ?? 0) + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

describe('the app icons in resources/', () => {
  it('are exactly what scripts/generate-icons.mjs draws from icon.svg', async () => {
    const { code, out, err } = await runScript(['--check']);
    expect(err).toBe('');
    expect(out.trim()).toBe('Icons are up to date (12 files).');
    expect(code).toBe(0);
  });

  it('--check fails with one line naming only the files that are stale or missing', async () => {
    await withTempDir(async (dir) => {
      await cp(RESOURCES, dir, { recursive: true });
      const ico = await readFile(join(dir, 'icon.ico'));
      ico[ico.length - 1] = (ico[ico.length - 1] ?? 0) ^ 0xff;
      await writeFile(join(dir, 'icon.ico'), ico);
      await rm(join(dir, 'icons', '16x16.png'));

      const { code, out, err } = await runScript(['--check', '--resources', dir]);
      expect(code).toBe(1);
      expect(out).toBe('');
      const lines = err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.split(': ').at(-1)?.split(', ')).toEqual(['icons/16x16.png', 'icon.ico']);
    });
  });

  it('are RGBA PNGs of exactly their named size', async () => {
    for (const [name, size] of [
      ['icon.png', 1024] as const,
      ...LINUX_SIZES.map((n) => [`icons/${n}x${n}.png`, n] as const),
    ]) {
      const header = readIhdr(await readFile(join(RESOURCES, name)));
      expect({ name, ...header }, name).toEqual({
        name,
        width: size,
        height: size,
        bitDepth: 8,
        colorType: 6, // RGBA: the macOS margin and the tile's corners are transparent.
        interlace: 0,
      });
    }
  });

  it('icon.ico lists exactly the Windows sizes, each with its own 32-bit image', async () => {
    const ico = await readFile(join(RESOURCES, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0); // reserved
    expect(ico.readUInt16LE(2)).toBe(1); // 1 = icon (2 would be a cursor)
    const count = ico.readUInt16LE(4);
    expect(count).toBe(WINDOWS_SIZES.length);

    const sizes: number[] = [];
    let expectedOffset = 6 + 16 * count;
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const width = ico.readUInt8(entry) || 256; // a width byte of 0 means 256
      const height = ico.readUInt8(entry + 1) || 256;
      expect(height).toBe(width);
      expect(ico.readUInt16LE(entry + 4)).toBe(1); // colour planes
      expect(ico.readUInt16LE(entry + 6)).toBe(32); // bits per pixel: alpha included
      const bytes = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      // Images are packed back to back after the directory, and the last one ends the file.
      expect(offset).toBe(expectedOffset);
      expectedOffset += bytes;

      const image = ico.subarray(offset, offset + bytes);
      if (image.subarray(0, 8).equals(PNG_SIGNATURE)) {
        expect(readIhdr(image)).toMatchObject({ width, height });
      } else {
        // BITMAPINFOHEADER: an icon's bitmap is twice as tall (colour rows, then the AND mask).
        expect(image.readUInt32LE(0)).toBe(40);
        expect([image.readInt32LE(4), image.readInt32LE(8)]).toEqual([width, 2 * height]);
        expect(image.readUInt16LE(14)).toBe(32);
      }
      sizes.push(width);
    }
    expect(expectedOffset).toBe(ico.length);
    expect(sizes).toEqual(WINDOWS_SIZES);
  });

  it('icon.icns holds exactly the modern PNG OSTypes, each at its size', async () => {
    const icns = await readFile(join(RESOURCES, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);

    const types: string[] = [];
    for (let pos = 8; pos < icns.length;) {
      const type = icns.toString('latin1', pos, pos + 4);
      const length = icns.readUInt32BE(pos + 4); // includes this 8-byte entry header
      expect(length).toBeGreaterThan(8);
      expect(pos + length).toBeLessThanOrEqual(icns.length);
      const size = MACOS_TYPES[type];
      expect(size, `unexpected OSType ${type}`).toBeDefined();
      expect(readIhdr(icns.subarray(pos + 8, pos + length)), type).toMatchObject({
        width: size,
        height: size,
      });
      types.push(type);
      pos += length;
    }
    expect(types.toSorted()).toEqual(Object.keys(MACOS_TYPES).toSorted());
  });

  it('draws something legible at 16x16: a tile on a transparent margin, in contrasting colours', async () => {
    const { width, height, pixels } = decodeRgba(
      await readFile(join(RESOURCES, 'icons', '16x16.png')),
    );
    const colours = new Set<string>();
    const luminances: number[] = [];
    let opaque = 0;
    for (let i = 0; i < width * height * 4; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = pixels.subarray(i, i + 4);
      if (a < 255) continue;
      opaque++;
      colours.add(`${r},${g},${b}`);
      luminances.push(0.2126 * r + 0.7152 * g + 0.0722 * b);
    }
    expect(pixels[3]).toBe(0); // top-left corner: the transparent safe-area margin
    expect(pixels[((height / 2) * width + width / 2) * 4 + 3]).toBe(255);
    expect(opaque).toBeGreaterThan(width * height * 0.4);
    expect(colours.size).toBeGreaterThan(20);
    // The light sheet against the dark tile, not a wash of similar tones.
    expect(Math.max(...luminances) - Math.min(...luminances)).toBeGreaterThan(120);
  });
});
