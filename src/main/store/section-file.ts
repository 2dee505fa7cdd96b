import type { FileHandle } from 'node:fs/promises';
import { openDurableWriter } from './atomic-write';
import type { DurableWriter } from './atomic-write';
import { fillFrom, readWhole } from './read-whole';

/**
 * Binary files of typed-array sections behind a JSON header, written
 * durably (atomic-write.ts) and loaded with one read plus typed-array views
 * (no parsing per row): the snapshot and campaign membership.
 *
 *   MAGIC (8 bytes)  u32 LE header length  u32 0
 *   header JSON {…, "sections":{"name":{"offset":0,"length":24},…}}   padded to 8 bytes
 *   sections, back to back, each padded to 8 bytes (offsets are relative
 *   to the end of the padded header), so every typed-array view is aligned.
 *
 * The head (magic, length, JSON, padding) is shared with files laid out
 * otherwise after it (the list fingerprints): writeFileHead / readFileHead.
 */
const PREFIX_BYTES = 16;

export interface SectionSpan {
  offset: number;
  length: number;
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/** The bytes of a typed array (a view, no copy). */
export const bytesOf = (a: ArrayBufferView): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Writes `sections` (each possibly in parts) behind `header` (sections added), durably. */
export async function writeSectionFile(
  path: string,
  magic: string,
  header: Record<string, unknown>,
  sections: ReadonlyArray<readonly [string, readonly Uint8Array[]]>,
): Promise<void> {
  const spans: Record<string, SectionSpan> = {};
  let at = 0;
  for (const [name, parts] of sections) {
    const length = parts.reduce((sum, p) => sum + p.byteLength, 0);
    spans[name] = { offset: at, length };
    at += length + pad8(length);
  }
  const writer = await openDurableWriter(path);
  try {
    await writeFileHead(writer, magic, { ...header, sections: spans });
    for (const [name, parts] of sections) {
      for (const part of parts) if (part.byteLength > 0) await writer.write(part);
      await writer.write(new Uint8Array(pad8(spans[name]!.length)));
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** A section file in memory: its header (unchecked JSON) and aligned views on its sections. */
export class SectionFile {
  private constructor(
    readonly header: unknown,
    private readonly file: Buffer,
    private readonly base: number,
    private readonly damaged: (reason: string) => Error,
  ) {}

  /** Reads the whole file; `damaged` makes the error thrown for a file that is not right. */
  static async read(
    path: string,
    magic: string,
    damaged: (reason: string) => Error,
  ): Promise<SectionFile> {
    const file = await readWhole(path);
    const length = headLength(file, magic, damaged);
    if (file.length < PREFIX_BYTES + length) throw damaged('its header is cut short');
    const header = parseHead(file.subarray(PREFIX_BYTES, PREFIX_BYTES + length), damaged);
    return new SectionFile(header, file, dataStart(length), damaged);
  }

  f64(span: SectionSpan | undefined, name: string, items: number): Float64Array {
    const start = this.start(span, name, 8 * items);
    return new Float64Array(this.file.buffer, start, items);
  }

  u32(span: SectionSpan | undefined, name: string, items: number): Uint32Array {
    const start = this.start(span, name, 4 * items);
    return new Uint32Array(this.file.buffer, start, items);
  }

  u8(span: SectionSpan | undefined, name: string, items: number): Uint8Array {
    const start = this.start(span, name, items);
    return new Uint8Array(this.file.buffer, start, items);
  }

  /** A section of any length. */
  bytes(span: SectionSpan | undefined, name: string): Uint8Array {
    return this.u8(span, name, span?.length ?? 0);
  }

  /** A section of any length, as a Buffer (for its text methods). */
  blob(span: SectionSpan | undefined, name: string): Buffer {
    const bytes = this.bytes(span, name);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  private start(span: SectionSpan | undefined, name: string, bytes: number): number {
    if (!span) throw this.damaged(`its ${name} section is missing`);
    if (span.length !== bytes) throw this.damaged(`its ${name} have the wrong size`);
    if (this.base + span.offset + bytes > this.file.length) throw this.damaged('it is cut short');
    return this.file.byteOffset + this.base + span.offset;
  }
}

/** Writes a file's head: magic, header length, the header as JSON, padding to 8 bytes. */
export async function writeFileHead(
  writer: DurableWriter,
  magic: string,
  header: Record<string, unknown>,
): Promise<void> {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(magic, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 8);
  await writer.write(prefix);
  await writer.write(json);
  await writer.write(new Uint8Array(pad8(PREFIX_BYTES + json.length)));
}

/**
 * Reads only a file's head (its header, unchecked JSON, and where what
 * follows starts), without the rest of the file.
 */
export async function readFileHead(
  handle: FileHandle,
  magic: string,
  damaged: (reason: string) => Error,
): Promise<{ header: unknown; dataStart: number }> {
  const prefix = Buffer.alloc(PREFIX_BYTES);
  if (!(await fillFrom(handle, prefix, 0))) throw damaged('it is cut short');
  const length = headLength(prefix, magic, damaged);
  const json = Buffer.alloc(length);
  if (!(await fillFrom(handle, json, PREFIX_BYTES))) throw damaged('its header is cut short');
  return { header: parseHead(json, damaged), dataStart: dataStart(length) };
}

/** The length of the header behind a file's first 16 bytes (checks the magic). */
function headLength(prefix: Buffer, magic: string, damaged: (reason: string) => Error): number {
  if (prefix.length < PREFIX_BYTES || prefix.toString('latin1', 0, 8) !== magic) {
    throw damaged('it is not the right kind of file');
  }
  return prefix.readUInt32LE(8);
}

function parseHead(json: Buffer, damaged: (reason: string) => Error): unknown {
  try {
    return JSON.parse(json.toString('utf8'));
  } catch {
    throw damaged('its header is not JSON');
  }
}

const dataStart = (headerLength: number) =>
  PREFIX_BYTES + headerLength + pad8(PREFIX_BYTES + headerLength);
