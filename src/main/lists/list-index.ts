import { AppError } from '../app-error';

/**
 * Checks a list's offsets index against its rows before the list is saved.
 *
 * `offsets.bin` is RowStore.serialize()'s index: rows + 1 Float64
 * little-endian byte offsets, starting at 0, never decreasing, the last one
 * equal to the size of `rows.bin`. RowStore.deserialize() trusts an index that
 * passes here, so a bad upload is refused at commit rather than discovered
 * when the list is opened. Read with DataView (explicitly little-endian), not
 * a Float64Array, so the check does not depend on the machine's byte order.
 */
export function verifyListIndex(offsets: Uint8Array, rowsSize: number, rows: number): void {
  if (offsets.byteLength === 0 || offsets.byteLength % 8 !== 0) {
    throw refused('The list index is incomplete');
  }
  const count = offsets.byteLength / 8 - 1;
  if (count !== rows) {
    throw refused(`The list index has ${count} rows but the list says ${rows}`);
  }
  const view = new DataView(offsets.buffer, offsets.byteOffset, offsets.byteLength);
  let previous = 0;
  for (let i = 0; i <= count; i++) {
    const offset = view.getFloat64(i * 8, true);
    // Also refuses NaN and fractions: every offset is a whole byte position.
    if (!Number.isInteger(offset) || offset < previous || (i === 0 && offset !== 0)) {
      throw refused(`The list index is out of order at row ${i}`);
    }
    previous = offset;
  }
  if (previous !== rowsSize) {
    throw refused('The list data does not match its index');
  }
}

function refused(reason: string): AppError {
  return new AppError('validation', `${reason}; nothing was saved.`);
}
