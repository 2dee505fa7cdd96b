import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { csvRecord, UTF8_BOM } from '../../shared/csv/csv-writer';
import { fsyncDirectory, openDurableWriter, writeFileDurably } from '../store/atomic-write';
import type { DurableWriter } from '../store/atomic-write';
import { BackupWriteError } from './backup-errors';
import {
  BACKUP_MANIFEST_VERSION,
  backupPaths,
  hashIdSet,
  isValidRunId,
  recordId,
} from './backup-manifest';
import type { BackupConnection, BackupManifest } from './backup-manifest';
import { fileLines, isPlainObject, parseObjectLine } from './file-lines';

export interface WriteBackupOptions {
  /** The backups folder (created by the caller). */
  dir: string;
  runId: string;
  connection: BackupConnection;
  /** The targets, read fresh from the API — never from the local snapshot. */
  records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
  /** Defaults to `recordId` (the `id` field); the verifier must use the same. */
  idOf?: (record: Record<string, unknown>) => string;
  /** The delete set; the records must carry exactly these ids, each once. */
  expectedIds: readonly string[];
  /** CSV columns; default: every key seen, in first-seen order. */
  columns?: readonly string[];
  /** Start the CSV with a UTF-8 BOM so Excel reads accents (default true). */
  csvBom?: boolean;
  signal?: AbortSignal;
  now?: () => Date;
}

// Lists in error messages stay readable; details keep up to this many ids.
const MESSAGE_IDS = 10;
const DETAIL_IDS = 100;
const FLUSH_AT = 256 * 1024;

/**
 * Writes the backup that must exist before any delete: the exact API objects
 * as JSONL (lossless, the canonical copy), a formula-safe CSV companion for
 * spreadsheets, then — last — a manifest binding both to the run, the
 * connection and the delete set. Every file is durable (temp file, fsync,
 * rename, fsync the folder: src/main/store/atomic-write.ts).
 *
 * Refuses (BackupWriteError, no manifest) when the records' ids are not
 * exactly `expectedIds`: a failed or short read never means "nothing to back
 * up". A read error from `records` aborts the same way and is rethrown.
 *
 * `<runId>.jsonl` — one object per line, keys in the order received (JS
 * orders integer-like keys first; API objects have none):
 *   {"id":1091000001,"email":"ana@example.com","first_name":"Ana","snippet_labels":{"Role":"CTO"},"last replied":null}
 * `<runId>.csv` — UTF-8 with BOM, CRLF, formula-safe, nested values as JSON:
 *   id,email,first_name,snippet_labels,last replied
 *   1091000001,ana@example.com,Ana,"{""Role"":""CTO""}",
 * `<runId>.manifest.json`:
 *   {"version":1,"runId":"run-20261123-0001","createdAt":"2026-11-23T02:00:00.000Z",
 *    "connection":{"id":"c1","label":"Main account","kind":"woodpecker"},
 *    "targetIdsSha256":"9f…","count":2,"jsonlFile":"run-20261123-0001.jsonl",
 *    "jsonlBytes":512,"jsonlSha256":"4c…","csvFile":"run-20261123-0001.csv",
 *    "csvBytes":300,"csvSha256":"d1…"}
 */
export async function writeBackup(options: WriteBackupOptions): Promise<BackupManifest> {
  const { dir, runId, connection, expectedIds, signal } = options;
  const idOf = options.idOf ?? recordId;
  if (!isValidRunId(runId)) {
    throw new BackupWriteError('invalid-run-id', `"${runId}" cannot name a backup file.`);
  }
  const paths = backupPaths(dir, runId);
  // An earlier attempt's manifest must not outlive the files it described.
  await rm(paths.manifest, { force: true });
  await fsyncDirectory(dir);

  const jsonl = await openDurableWriter(paths.jsonl);
  const jsonlHash = createHash('sha256');
  let jsonlBytes = 0;
  const keys = new Set<string>();
  let count = 0;
  try {
    const ids = new IdTally(expectedIds);
    const buffered = new BufferedHashWriter(jsonl, jsonlHash);
    for await (const record of options.records) {
      signal?.throwIfAborted();
      count++;
      if (!isPlainObject(record)) {
        throw new BackupWriteError('invalid-record', `Record ${count} is not a JSON object.`);
      }
      ids.add(idOfRecord(idOf, record, count));
      if (!options.columns) for (const key of Object.keys(record)) keys.add(key);
      await buffered.write(`${JSON.stringify(record)}\n`);
    }
    await buffered.flush();
    jsonlBytes = buffered.bytes;
    ids.assertExact();
    signal?.throwIfAborted();
    await jsonl.commit();
  } catch (error) {
    await jsonl.abort();
    throw error;
  }

  // The CSV is made from the JSONL just committed, so it shows exactly the
  // canonical copy, with every column seen in any record.
  const columns = options.columns ?? [...keys];
  const csv = await openDurableWriter(paths.csv);
  const csvHash = createHash('sha256');
  let csvBytes = 0;
  try {
    const buffered = new BufferedHashWriter(csv, csvHash);
    await buffered.write(((options.csvBom ?? true) ? UTF8_BOM : '') + csvRecord(columns));
    for await (const line of fileLines(paths.jsonl)) {
      const record = parseObjectLine(line.bytes);
      if (!record) throw new Error(`${paths.jsonl} changed while the CSV was written`);
      await buffered.write(csvRecord(columns.map((column) => csvCell(record[column]))));
    }
    await buffered.flush();
    csvBytes = buffered.bytes;
    await csv.commit();
  } catch (error) {
    await csv.abort();
    throw error;
  }

  const manifest: BackupManifest = {
    version: BACKUP_MANIFEST_VERSION,
    runId,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    connection: {
      id: connection.id,
      label: connection.label,
      kind: connection.kind,
      ...(connection.companyId !== undefined && { companyId: connection.companyId }),
      ...(connection.origin !== undefined && { origin: connection.origin }),
    },
    targetIdsSha256: hashIdSet(expectedIds),
    count,
    jsonlFile: basename(paths.jsonl),
    jsonlBytes,
    jsonlSha256: jsonlHash.digest('hex'),
    csvFile: basename(paths.csv),
    csvBytes,
    csvSha256: csvHash.digest('hex'),
  };
  await writeFileDurably(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** A CSV cell for one JSON value: text as is, nested values as JSON text, null as empty. */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function idOfRecord(
  idOf: (record: Record<string, unknown>) => string,
  record: Record<string, unknown>,
  index: number,
): string {
  let id: unknown;
  try {
    id = idOf(record);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new BackupWriteError('invalid-record', `Record ${index} has no usable id: ${why}.`);
  }
  if (typeof id !== 'string' || id === '') {
    throw new BackupWriteError('invalid-record', `Record ${index} has no usable id.`);
  }
  return id;
}

/** Compares the ids read against the delete set: missing, extra, repeated. */
class IdTally {
  private readonly expected: Set<string>;
  private readonly seen = new Set<string>();
  private readonly extra: string[] = [];
  private readonly duplicates: string[] = [];

  constructor(expectedIds: readonly string[]) {
    this.expected = new Set(expectedIds);
  }

  add(id: string): void {
    if (this.seen.has(id)) this.duplicates.push(id);
    else {
      this.seen.add(id);
      if (!this.expected.has(id)) this.extra.push(id);
    }
  }

  assertExact(): void {
    const missing = [...this.expected].filter((id) => !this.seen.has(id));
    if (missing.length === 0 && this.extra.length === 0 && this.duplicates.length === 0) return;
    const parts = [
      describe('missing', missing),
      describe('not in the delete set', this.extra),
      describe('read more than once', this.duplicates),
    ].filter((part) => part !== '');
    throw new BackupWriteError(
      'id-set',
      `The records read do not match the delete set: ${parts.join('; ')}. No backup was made.`,
      {
        missingCount: missing.length,
        extraCount: this.extra.length,
        duplicateCount: this.duplicates.length,
        missing: missing.slice(0, DETAIL_IDS),
        extra: this.extra.slice(0, DETAIL_IDS),
        duplicates: this.duplicates.slice(0, DETAIL_IDS),
      },
    );
  }
}

function describe(what: string, ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, MESSAGE_IDS).join(', ');
  const more = ids.length > MESSAGE_IDS ? ` and ${ids.length - MESSAGE_IDS} more` : '';
  return `${ids.length} ${what} (${shown}${more})`;
}

/** Batches small writes into large ones, hashing and counting the exact bytes written. */
class BufferedHashWriter {
  bytes = 0;
  private pending = '';

  constructor(
    private readonly writer: DurableWriter,
    private readonly hash: Hash,
  ) {}

  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === '') return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.hash.update(chunk);
    this.bytes += chunk.length;
    await this.writer.write(chunk);
  }
}
