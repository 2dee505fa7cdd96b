import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupVerificationError } from '../../../src/main/backup/backup-errors';
import type { BackupVerificationCode } from '../../../src/main/backup/backup-errors';
import { backupPaths } from '../../../src/main/backup/backup-manifest';
import type { BackupManifest } from '../../../src/main/backup/backup-manifest';
import {
  VerifiedBackup,
  verifyBackup,
  verifyBackupForRestore,
} from '../../../src/main/backup/backup-verifier';
import { writeBackup } from '../../../src/main/backup/backup-writer';
import { makeTempDir } from '../../support/temp-dir';
import { CONNECTION, idsOf, prospects } from './backup-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
const RECORDS = prospects(50);
const IDS = idsOf(RECORDS);

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await writeBackup({
    dir,
    runId: 'run-a',
    connection: CONNECTION,
    records: RECORDS,
    expectedIds: IDS,
  });
});
afterEach(() => cleanup());

const paths = () => backupPaths(dir, 'run-a');
const verify = (
  overrides: { runId?: string; expectedIds?: string[]; connectionId?: string } = {},
) =>
  verifyBackup({
    dir,
    runId: 'run-a',
    expectedIds: IDS,
    connectionId: CONNECTION.id,
    ...overrides,
  });

async function failsWith(code: BackupVerificationCode, promise = verify()): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupVerificationError);
  expect((error as BackupVerificationError).code).toBe(code);
}

async function readManifest(): Promise<BackupManifest> {
  return JSON.parse(await readFile(paths().manifest, 'utf8')) as BackupManifest;
}

/** Rewrites the JSONL and makes the manifest agree with it: tests the checks behind the checksum. */
async function forgeJsonl(
  text: string,
  manifestChanges: Partial<BackupManifest> = {},
): Promise<void> {
  await writeFile(paths().jsonl, text);
  const manifest = {
    ...(await readManifest()),
    jsonlBytes: Buffer.byteLength(text),
    jsonlSha256: createHash('sha256').update(text).digest('hex'),
    ...manifestChanges,
  };
  await writeFile(paths().manifest, JSON.stringify(manifest));
}

describe('verifyBackup', () => {
  it('accepts the backup as written', async () => {
    const verified = await verify();
    expect(VerifiedBackup.is(verified)).toBe(true);
    expect(verified.runId).toBe('run-a');
    expect(verified.connectionId).toBe(CONNECTION.id);
    expect(IDS.every((id) => verified.has(id))).toBe(true);
  });

  it('fails on one flipped byte anywhere in the JSONL', async () => {
    const original = await readFile(paths().jsonl);
    for (const offset of [0, 1, Math.floor(original.length / 2), original.length - 2]) {
      const flipped = Buffer.from(original);
      flipped[offset] = (flipped[offset] ?? 0) ^ 0x01;
      await writeFile(paths().jsonl, flipped);
      await failsWith('checksum');
    }
    await writeFile(paths().jsonl, original);
    await expect(verify()).resolves.toBeInstanceOf(VerifiedBackup);
  });

  it('fails when one line is dropped', async () => {
    const lines = (await readFile(paths().jsonl, 'utf8')).split('\n');
    lines.splice(10, 1);
    await writeFile(paths().jsonl, lines.join('\n'));
    await failsWith('checksum');
  });

  it('fails on a flipped byte in the CSV companion', async () => {
    const csv = await readFile(paths().csv);
    csv[5] = (csv[5] ?? 0) ^ 0x01;
    await writeFile(paths().csv, csv);
    await failsWith('checksum');
  });

  it('fails on a stale manifest from another run', async () => {
    await writeBackup({
      dir,
      runId: 'run-b',
      connection: CONNECTION,
      records: RECORDS,
      expectedIds: IDS,
    });
    await writeFile(paths().manifest, await readFile(backupPaths(dir, 'run-b').manifest));
    await failsWith('stale-manifest');
  });

  it('fails for another connection, a missing manifest, or a manifest we did not write', async () => {
    await failsWith('connection', verify({ connectionId: 'conn-2' }));
    const good = await readManifest();
    await writeFile(paths().manifest, '{"version":1,');
    await failsWith('bad-manifest');
    await writeFile(paths().manifest, JSON.stringify({ ...good, count: -1 }));
    await failsWith('bad-manifest');
    await rm(paths().manifest);
    await failsWith('missing-manifest');
    await failsWith('missing-manifest', verify({ runId: 'never-ran' }));
  });

  it('fails when the delete set changed since the backup', async () => {
    await failsWith('id-set', verify({ expectedIds: [...IDS, '999'] }));
    await failsWith('id-set', verify({ expectedIds: IDS.slice(1) }));
    // Order and repeats do not matter.
    await expect(
      verify({ expectedIds: [...IDS].reverse().concat(IDS[0] ?? '') }),
    ).resolves.toBeInstanceOf(VerifiedBackup);
  });

  it('fails when a data file is missing', async () => {
    await rm(paths().csv);
    await failsWith('missing-file');
    await rm(paths().jsonl);
    await failsWith('missing-file');
  });

  describe('behind a forged checksum', () => {
    it('finds a dropped line by count', async () => {
      const lines = (await readFile(paths().jsonl, 'utf8')).split('\n');
      lines.splice(0, 1);
      await forgeJsonl(lines.join('\n'));
      await failsWith('count');
    });

    it('finds an unparseable line, a line without an id, and a cut-off last line', async () => {
      const text = await readFile(paths().jsonl, 'utf8');
      const lines = text.split('\n');
      await forgeJsonl([...lines.slice(0, 5), '{"id": 1,', ...lines.slice(6)].join('\n'));
      await failsWith('unparseable-line');
      await forgeJsonl([...lines.slice(0, 5), '[1]', ...lines.slice(6)].join('\n'));
      await failsWith('unparseable-line');
      await forgeJsonl([...lines.slice(0, 5), '{"email":"a@x"}', ...lines.slice(6)].join('\n'));
      await failsWith('unparseable-line');
      await forgeJsonl(text.slice(0, -1));
      await failsWith('unparseable-line');
    });

    it('finds a duplicated line standing in for a missing one', async () => {
      const lines = (await readFile(paths().jsonl, 'utf8')).split('\n');
      lines[3] = lines[2] ?? '';
      await forgeJsonl(lines.join('\n'));
      await failsWith('count');
    });

    it('finds a swapped id', async () => {
      const lines = (await readFile(paths().jsonl, 'utf8')).split('\n');
      lines[3] = JSON.stringify({ ...RECORDS[3], id: 1 });
      await forgeJsonl(lines.join('\n'));
      await failsWith('id-set');
    });
  });

  it('cannot be constructed outside verifyBackup', () => {
    const Ctor = VerifiedBackup as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Ctor(Symbol('VerifiedBackup'), {}, {}, new Set())).toThrow(/verifyBackup/);
    expect(VerifiedBackup.is({ has: () => true, manifest: {} })).toBe(false);
  });
});

describe('verifyBackupForRestore', () => {
  const forRestore = () =>
    verifyBackupForRestore({ dir, runId: 'run-a', connectionId: CONNECTION.id });

  it('verifies a backup from its own ids', async () => {
    const backup = await forRestore();
    expect(backup.size).toBe(IDS.length);
    expect(backup.uncovered(IDS)).toEqual([]);
  });

  it('still fails on a dropped line or a flipped byte', async () => {
    const text = await readFile(paths().jsonl, 'utf8');
    await writeFile(paths().jsonl, text.split('\n').slice(1).join('\n'));
    await expect(forRestore()).rejects.toBeInstanceOf(BackupVerificationError);
    const bytes = Buffer.from(text, 'utf8');
    bytes[5] = bytes[5]! ^ 0x01;
    await writeFile(paths().jsonl, bytes);
    await expect(forRestore()).rejects.toBeInstanceOf(BackupVerificationError);
  });

  it('fails when the backup is missing', async () => {
    await rm(paths().jsonl);
    await expect(forRestore()).rejects.toBeInstanceOf(BackupVerificationError);
  });
});
