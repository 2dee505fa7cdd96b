import { readdir, readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupWriteError } from '../../../src/main/backup/backup-errors';
import { backupPaths, hashIdSet } from '../../../src/main/backup/backup-manifest';
import { writeBackup } from '../../../src/main/backup/backup-writer';
import { verifyBackup } from '../../../src/main/backup/backup-verifier';
import { makeTempDir } from '../../support/temp-dir';
import { asPages, CONNECTION, idsOf, prospects } from './backup-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

const NOW = () => new Date('2026-11-23T02:00:00.000Z');

async function refusal(promise: Promise<unknown>): Promise<BackupWriteError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupWriteError);
  return error as BackupWriteError;
}

describe('writeBackup', () => {
  it('round-trips 5,000 records losslessly and verifies', async () => {
    const records = prospects(5000);
    const ids = idsOf(records);
    const manifest = await writeBackup({
      dir,
      runId: 'run-1',
      connection: CONNECTION,
      records: asPages(records),
      expectedIds: ids,
      now: NOW,
    });
    expect(manifest).toMatchObject({
      version: 1,
      runId: 'run-1',
      createdAt: '2026-11-23T02:00:00.000Z',
      connection: CONNECTION,
      count: 5000,
      targetIdsSha256: hashIdSet([...ids].reverse()),
      jsonlFile: 'run-1.jsonl',
      csvFile: 'run-1.csv',
    });

    const paths = backupPaths(dir, 'run-1');
    const jsonl = await readFile(paths.jsonl, 'utf8');
    const lines = jsonl.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(records);
    // Keys stay in the order received, including `last replied`.
    expect(Object.keys(JSON.parse(lines[0] ?? '{}') as object)).toEqual(
      Object.keys(records[0] ?? {}),
    );
    expect(Buffer.byteLength(jsonl)).toBe(manifest.jsonlBytes);

    const verified = await verifyBackup({
      dir,
      runId: 'run-1',
      expectedIds: ids,
      connectionId: CONNECTION.id,
    });
    expect(verified.size).toBe(5000);
    expect(verified.has('1091000001')).toBe(true);
    expect(verified.has('42')).toBe(false);
    expect(verified.uncovered(['1091000001', '42'])).toEqual(['42']);
    expect(verified.manifest).toEqual(manifest);
    // Temp files are gone: only the three files remain.
    expect((await readdir(dir)).sort()).toEqual([
      'run-1.csv',
      'run-1.jsonl',
      'run-1.manifest.json',
    ]);
  });

  it('writes a formula-safe CSV companion with every key and nested values as JSON', async () => {
    const records = [
      { id: 1, email: 'a@x.com', last_name: '=SUM(A1)', phone: '+1 415-555-0100' },
      { id: 2, email: 'b@x.com', snippet_labels: { Rôle: 'CTO' }, note: '@cmd' },
    ];
    await writeBackup({
      dir,
      runId: 'run-csv',
      connection: CONNECTION,
      records,
      expectedIds: ['1', '2'],
    });
    const csv = await readFile(backupPaths(dir, 'run-csv').csv, 'utf8');
    expect(csv).toBe(
      '\ufeffid,email,last_name,phone,snippet_labels,note\r\n' +
        "1,a@x.com,'=SUM(A1),+1 415-555-0100,,\r\n" +
        '2,b@x.com,,,"{""Rôle"":""CTO""}",\'@cmd\r\n',
    );
  });

  it('uses a supplied column list and can leave out the BOM', async () => {
    await writeBackup({
      dir,
      runId: 'run-cols',
      connection: CONNECTION,
      records: [{ id: 'lead_1', name: 'Ana', extra: 1 }],
      expectedIds: ['lead_1'],
      columns: ['id', 'name'],
      csvBom: false,
    });
    expect(await readFile(backupPaths(dir, 'run-cols').csv, 'utf8')).toBe(
      'id,name\r\nlead_1,Ana\r\n',
    );
  });

  it('refuses a short read, listing the missing ids, and leaves no manifest or data file', async () => {
    const records = prospects(5);
    const error = await refusal(
      writeBackup({
        dir,
        runId: 'run-short',
        connection: CONNECTION,
        records: records.slice(0, 3),
        expectedIds: idsOf(records),
      }),
    );
    expect(error.code).toBe('id-set');
    expect(error.message).toContain('2 missing (1091000004, 1091000005)');
    expect(error.details).toMatchObject({ missing: ['1091000004', '1091000005'], missingCount: 2 });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses extra and duplicate records', async () => {
    const records = prospects(3);
    const extra = await refusal(
      writeBackup({
        dir,
        runId: 'run-extra',
        connection: CONNECTION,
        records,
        expectedIds: idsOf(records).slice(0, 2),
      }),
    );
    expect(extra.details).toMatchObject({ extra: ['1091000003'], missingCount: 0 });
    const dup = await refusal(
      writeBackup({
        dir,
        runId: 'run-dup',
        connection: CONNECTION,
        records: [...records, records[0] ?? {}],
        expectedIds: idsOf(records),
      }),
    );
    expect(dup.details).toMatchObject({ duplicates: ['1091000001'], extraCount: 0 });
    expect(await readdir(dir)).toEqual([]);
  });

  it('rethrows a failed read and removes an earlier manifest of the same run', async () => {
    const records = prospects(4);
    await writeBackup({
      dir,
      runId: 'run-2',
      connection: CONNECTION,
      records,
      expectedIds: idsOf(records),
    });
    async function* failing(): AsyncGenerator<Record<string, unknown>> {
      yield* records.slice(0, 2);
      await Promise.resolve();
      throw new Error('network down');
    }
    await expect(
      writeBackup({
        dir,
        runId: 'run-2',
        connection: CONNECTION,
        records: failing(),
        expectedIds: idsOf(records),
      }),
    ).rejects.toThrow('network down');
    expect((await readdir(dir)).sort()).toEqual(['run-2.csv', 'run-2.jsonl']);
    await expect(
      verifyBackup({
        dir,
        runId: 'run-2',
        expectedIds: idsOf(records),
        connectionId: CONNECTION.id,
      }),
    ).rejects.toMatchObject({ code: 'missing-manifest' });
  });

  it('refuses records without an id and run ids that are not file names', async () => {
    const noId = await refusal(
      writeBackup({
        dir,
        runId: 'run-3',
        connection: CONNECTION,
        records: [{ email: 'a@x.com' }],
        expectedIds: ['1'],
      }),
    );
    expect(noId.code).toBe('invalid-record');
    const badRun = await refusal(
      writeBackup({ dir, runId: '../x', connection: CONNECTION, records: [], expectedIds: [] }),
    );
    expect(badRun.code).toBe('invalid-run-id');
    expect(badRun.toDto()).toMatchObject({
      code: 'conflict',
      details: { reason: 'invalid-run-id' },
    });
  });

  it('stops on abort without a manifest', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      writeBackup({
        dir,
        runId: 'run-4',
        connection: CONNECTION,
        records: prospects(2),
        expectedIds: idsOf(prospects(2)),
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(dir)).toEqual([]);
  });
});
