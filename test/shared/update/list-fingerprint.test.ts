import { describe, expect, it } from 'vitest';
import type { ColumnAssignment } from '../../../src/shared/import/header-mapping';
import { RowStore } from '../../../src/shared/import/row-store';
import type { ProspectField } from '../../../src/shared/import/prospect-fields';
import { writeFieldHash } from '../../../src/shared/update/field-hash';
import {
  blockLength,
  decodeBlock,
  encodeBlock,
} from '../../../src/shared/update/fingerprint-block';
import {
  BLOCK_ROWS,
  buildListFingerprint,
  FP_DUPLICATE,
  FP_INVALID,
} from '../../../src/shared/update/list-fingerprint';
import type { PreviewListSource } from '../../../src/shared/update/list-preview-rows';

const FIELDS = ['email', 'first_name', 'phone', 'status', 'snippet1', 'tags', 'website'] as const;
const columns: ColumnAssignment[] = FIELDS.map((field, column) => ({
  column,
  header: field,
  field,
  confidence: 'exact',
}));
const detection = {
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  lineEnding: '\n',
  headerRow: 0,
} as const;

function source(rows: string[][], droppedRows: number[] = []): PreviewListSource {
  const store = new RowStore();
  for (const row of rows) store.append(row);
  return {
    meta: { columns, detection, droppedRows },
    length: store.length,
    cells: (i) => store.get(i),
  };
}

function hashOf(field: ProspectField, value: string): number[] {
  const out = new Uint32Array(2);
  writeFieldHash(field, value, out, 0);
  return [...out];
}

const text = (bytes: Uint8Array, starts: Uint32Array, i: number) =>
  new TextDecoder().decode(bytes.subarray(starts[i]!, starts[i + 1]!));

describe('list fingerprints', () => {
  it('hold each row as the preview sees it: normalised values, email and key, sendable or not', async () => {
    const fp = await buildListFingerprint(
      source(
        [
          [
            '  Ann@Example.com ',
            ' Ann ',
            "'+33 1 23 45",
            'active',
            'Hi\r\nthere',
            'vip, new',
            'example.com',
          ],
          ['dropped@example.com', '', '', '', '', '', ''],
          ['bob@example.com', '', '', '', '', '', ''],
          ['ann@example.com', 'Dup', '', '', '', '', ''],
          ['not an email', 'X', '', '', '', '', ''],
        ],
        [1],
      ),
    );
    expect(fp.count).toBe(4);
    const [block] = fp.held;
    expect(fp.held.length).toBe(1);
    expect(fp.fields).toEqual([
      'email',
      'first_name',
      'website',
      'tags',
      'phone',
      'status',
      'snippet1',
    ]);
    expect([...block!.lines]).toEqual([2, 4, 5, 6]);
    expect([...block!.sources]).toEqual([0, 2, 3, 4]);
    expect([...block!.flags]).toEqual([0, 0, FP_DUPLICATE, FP_INVALID]);
    expect(text(block!.emails, block!.emailStarts, 0)).toBe('Ann@Example.com');
    expect(text(block!.keys, block!.keyStarts, 0)).toBe('ann@example.com');

    // If this fails, normalisation or hashing changed: bump FINGERPRINT_VERSION
    // (list-fingerprint.ts) or FIELD_HASH_VERSION (field-hash.ts), so saved
    // fingerprints made by the old code are computed again.
    const width = 2 * fp.fields.length;
    const first = [...block!.lanes.subarray(0, width)];
    expect(first).toEqual(
      [
        hashOf('email', 'Ann@Example.com'),
        hashOf('first_name', 'Ann'),
        hashOf('website', 'https://example.com'),
        hashOf('tags', '#vip #new'),
        hashOf('phone', '+33 1 23 45'),
        hashOf('status', 'ACTIVE'),
        hashOf('snippet1', 'Hi\nthere'),
      ].flat(),
    );
    expect(hashOf('first_name', 'Ann')).toEqual([2537733835, 1067073079]);
    // Blank cells are (0, 0): "leave unchanged", not a value.
    expect([...block!.lanes.subarray(width + 2, 2 * width)].every((lane) => lane === 0)).toBe(true);
  });

  it('come in blocks of rows, which survive being written and read back as bytes', async () => {
    const n = BLOCK_ROWS + 10;
    const rows = Array.from({ length: n }, (_, i) => [
      `p${i}@x.com`,
      `Zoë ${i}`,
      '',
      '',
      '',
      '',
      '',
    ]);
    const fp = await buildListFingerprint(source(rows));
    expect(fp.held.map((b) => [b.first, b.count])).toEqual([
      [0, BLOCK_ROWS],
      [BLOCK_ROWS, 10],
    ]);
    const width = 2 * fp.fields.length;
    for (const block of fp.held) {
      const bytes = new Uint8Array(Buffer.concat(encodeBlock(block)));
      expect(blockLength(bytes, width)).toBe(bytes.length);
      expect(decodeBlock(bytes, block.first, width)).toEqual(block);
    }
  });

  it('refuse a block whose parts do not fit together', async () => {
    const fp = await buildListFingerprint(source([['a@x.com', 'A', '', '', '', '', '']]));
    const width = 2 * fp.fields.length;
    const bytes = new Uint8Array(Buffer.concat(encodeBlock(fp.held[0]!)));
    expect(() => decodeBlock(bytes.subarray(0, bytes.length - 8), 0, width)).toThrow(/damaged/);
    const view = new DataView(bytes.buffer);
    view.setUint32(4, 3, true); // fewer email bytes than the email index says
    expect(() => decodeBlock(bytes, 0, width)).toThrow(/damaged/);
  });
});
