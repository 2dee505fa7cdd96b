import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportSession } from '../../src/shared/import/import-session';
import { decodeLineShifts, encodeLineShifts } from '../../src/shared/list-lines';
import type { ListMeta } from '../../src/shared/lists';

describe('line shifts', () => {
  it('store nothing when every record is one line, and round-trip any increasing lines', () => {
    expect(encodeLineShifts([3, 4, 5, 6], 1)).toEqual([]);
    expect(encodeLineShifts([2, 5, 6, 9], 0)).toEqual([1, 5, 3, 9]);
    fc.assert(
      fc.property(
        fc.nat(5),
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 200 }),
        (headerRow, gaps) => {
          let line = headerRow + 1;
          const lines = gaps.map((gap) => (line += gap));
          const shifts = encodeLineShifts(lines, headerRow);
          expect([...decodeLineShifts(shifts, lines.length, headerRow)]).toEqual(lines);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('a saved list reports the file’s own line numbers after a restore', async () => {
    const csv = 'email,snippet1\nana@example.com,"two\nlines"\nbad-email,x\nbob@example.com,y\n';
    const bytes = new TextEncoder().encode(csv);
    const session = ImportSession.start(
      (async function* () {
        yield bytes;
      })(),
      { fileName: 'x.csv', totalBytes: bytes.length },
    );
    await session.done;
    const errorLines = (s: ImportSession) => [...s.rowErrors()].map((e) => e.line);
    expect(errorLines(session)).toEqual([4]);
    const meta = {
      ...session.toListMetaInput('x'),
      id: 'l_000000000000',
      importedAt: '',
      updatedAt: '',
      bytes: 0,
    } as ListMeta;
    const { rows, offsets } = session.serialize();
    const restored = ImportSession.fromSaved(meta, rows, offsets);
    await restored.done;
    expect(errorLines(restored)).toEqual([4]);
  });
});
