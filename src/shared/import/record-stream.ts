/**
 * Pulls bytes, decodes them with the file's one streaming decoder and hands
 * the text to the `RecordParser` in pieces, one batch per piece.
 *
 * Sizes (measured on the 100k-row prospect file, performance-facts.md shape):
 * bytes are read in big chunks (the source decides; 1–10 MiB is best), but
 * papaparse gets pieces of 512 Ki characters: with 4 Mi-character pieces
 * every batch outlives a young-generation GC and papaparse takes ~1.8× as
 * long (540 vs 300 ms for 100k rows; 256 Ki–1 Mi are all about as good).
 * Batches are then ~800 prospect rows, small enough to post to the UI.
 */
import type { ChunkReader } from './byte-sources';
import { scanUtf8 } from './detect-encoding';
import type { RecordBatch, PushFlags, RecordParser } from './record-parser';
import type { StreamDecoder } from './stream-decoder';

/** Characters of decoded text per papaparse call (and per batch). */
export const PIECE_CHARS = 512 << 10;

/** The read → decode → parse loop behind `ParsedRecords.batches`. */
export class RecordStream {
  private buffer: string[] = [];
  private chars = 0;
  private flags: PushFlags = {};
  private ended = false;
  private done = false;

  constructor(
    private readonly reader: ChunkReader,
    private readonly decoder: StreamDecoder,
    private readonly parser: RecordParser,
    private readonly pieceChars = PIECE_CHARS,
  ) {}

  /**
   * Adds text decoded by the caller (the prefix read for detection).
   * `bytes` are the bytes it came from; `ended` says the source is done.
   */
  addDecoded(text: string, bytes: Uint8Array, atStart: boolean, ended: boolean): void {
    this.add(text, bytes, atStart, ended);
    if (ended) this.ended = true;
  }

  /** The next batch, or null once the file is done. Throws ImportError. */
  async next(): Promise<RecordBatch | null> {
    for (;;) {
      this.reader.throwIfAborted();
      if (this.done) return null;
      if (this.chars >= this.pieceChars || (this.ended && this.chars > 0)) return this.parsePiece();
      if (this.ended) {
        this.done = true;
        return this.parser.finish();
      }
      const chunk = await this.reader.next();
      if (chunk) {
        this.add(this.decoder.decode(chunk), chunk, false, false);
      } else {
        this.ended = true;
        const tail = this.decoder.flush();
        if (tail) this.add(tail, new Uint8Array(0), false, true);
      }
    }
  }

  private add(text: string, bytes: Uint8Array, atStart: boolean, atEnd: boolean): void {
    if (text.length === 0) return;
    this.buffer.push(text);
    this.chars += text.length;
    // NULs are looked for in the bytes (10× faster than in text); in UTF-16
    // every ASCII character has a 0 byte, so there the text is searched.
    if (this.decoder.encoding === 'utf-16le' || this.decoder.encoding === 'utf-16be') {
      this.flags.mayHaveNul = true;
    } else if (bytes.indexOf(0) !== -1) {
      this.flags.mayHaveNul = true;
    }
    if (
      this.decoder.encoding === 'utf-8' &&
      text.indexOf('\ufffd') !== -1 &&
      (bytes.length === 0 || scanUtf8(bytes, { atStart, atEnd }).invalid > 0)
    ) {
      this.flags.invalidBytes = true;
    }
  }

  /**
   * Takes up to `pieceChars` from the front of the buffer without copying the
   * big decoded strings (a `join` would copy every chunk once more).
   */
  private parsePiece(): RecordBatch {
    let piece = '';
    while (piece.length < this.pieceChars && this.buffer.length > 0) {
      const head = this.buffer[0]!;
      const room = this.pieceChars - piece.length;
      if (head.length <= room) {
        piece += head;
        this.buffer.shift();
      } else {
        piece += head.slice(0, room);
        this.buffer[0] = head.slice(room);
      }
    }
    this.chars -= piece.length;
    const flags = this.flags;
    if (this.buffer.length === 0) this.flags = {};
    return this.parser.push(piece, flags);
  }
}
