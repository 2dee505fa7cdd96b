import { RowStore } from '../../../src/shared/import/row-store';
import type { ListMetaInput, ListPart } from '../../../src/shared/lists';

/** A list's meta as the renderer sends it at begin-save. */
export const listMetaFor = (rows: number, extra: Partial<ListMetaInput> = {}): ListMetaInput => ({
  name: 'Apollo export',
  sourceFile: 'apollo.csv',
  fileBytes: 1234,
  detection: { encoding: 'utf-8', bom: false, delimiter: ',', lineEnding: '\r\n', headerRow: 0 },
  headers: ['Email', 'First Name', 'Notes'],
  columns: [
    { column: 0, header: 'Email', field: 'email', confidence: 'exact' },
    { column: 1, header: 'First Name', field: 'first_name', confidence: 'alias' },
    { column: 2, header: 'Notes', field: null, confidence: 'none' },
  ],
  rows,
  valid: rows,
  invalid: 0,
  duplicates: 0,
  dropped: 0,
  ...extra,
});

const NAMES = ['Zoë', 'José', 'Łukasz', '王芳', 'Søren', 'محمد', 'Ngọc Ánh', 'O’Brien 🚀'];

/** Rows like a real import: accents, CJK, RTL, emoji, quotes and long notes. */
export function unicodeStore(rows: number, noteRepeat = 4): RowStore {
  const store = new RowStore();
  for (let i = 0; i < rows; i++) {
    const name = NAMES[i % NAMES.length] ?? '';
    store.append([
      `p${i}@example.com`,
      `${name} ${i}`,
      `Met at "Expo ${i % 97}", notes: ${'café ☕ 日本語 '.repeat(noteRepeat)}`,
    ]);
  }
  return store;
}

/** The two parts of a store as the renderer uploads them. */
export function storeParts(store: RowStore): Record<ListPart, Uint8Array> {
  const { rows, offsets } = store.serialize();
  return { rows, offsets: new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength) };
}

/** Splits bytes into pieces of `size`; always at least one (possibly empty) piece. */
export function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length || out.length === 0; at += size) {
    out.push(bytes.slice(at, at + size));
  }
  return out;
}

/** An offsets index (Float64 LE) from plain numbers. */
export function offsetsOf(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return new Uint8Array(view.buffer);
}

/**
 * True when both hold the same bytes. Deep-equal matchers walk megabytes
 * element by element (seconds); Buffer.equals is a memcmp.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
