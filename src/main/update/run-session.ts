import { createHash } from 'node:crypto';
import { fileDigest } from '../store/file-digest';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Prospect } from '../../shared/prospect';
import { emailKey } from '../../shared/import/normalise-cell';
import { planUpdateBatches } from '../../shared/update/update-plan';
import {
  CHANGED_SINCE_PREVIEW,
  reconcileOutcomes,
  resultFiles,
} from '../../shared/update/update-results';
import type { PlannedRow, RowOutcome, UpdateAnswer } from '../../shared/update/update-types';
import { ApiError } from '../api/http/api-error';
import type { WoodpeckerV1Client } from '../api/woodpecker-v1/client';
import { toProspect } from '../api/woodpecker-v1/map';
import { WoodpeckerProspectWire } from '../api/woodpecker-v1/schemas';
import { AppError } from '../app-error';
import { verifyBackupForRestore } from '../backup/backup-verifier';
import { fileLines, parseObjectLine } from '../backup/file-lines';
import { writeFileDurably } from '../store/atomic-write';
import { upgradeLegacyRun, verifyLegacyRun } from './legacy-run';
import { holdDriftedRows } from './preview-drift';
import { NOT_APPLIED, readBack } from './read-back';
import { assertRunAccount } from './run-owner';
import {
  damagedFile,
  readPlanned,
  readRunFile,
  readSkipped,
  updatePaths,
  writeJsonLines,
  writeRun,
} from './update-files';
import type { UpdateRun } from './update-files';
import { openUpdateJournal, toJournalOutcome, toRowOutcome } from './update-journal';
import type {
  JournaledOutcome,
  UpdateJournal,
  UpdateJournalInput,
  UpdateOp,
} from './update-journal';
import { CLEAR_UNVERIFIED, NOT_CLEARED, verifyClears } from './verify-clears';
import { countOutcomes } from './outcome-counts';
import { CANCELLED_CODE, foldOutcomes, NOT_SENT_CODE, notSentYet } from './run-outcomes';

export { countOutcomes } from './outcome-counts';
export { CANCELLED_CODE, NOT_SENT_CODE } from './run-outcomes';
export type { OutcomeCounts } from './outcome-counts';

/** What an execution of a run talks to and reports to. */
export interface RunIo {
  client: WoodpeckerV1Client;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
  /**
   * Called at every point a crash could happen: after each journal append
   * (with the entry's type), after each update answer before its outcome is
   * journaled ('answer'), after run.json is first written ('run') and after
   * outcomes.jsonl is rebuilt ('files'). The fault-injection test throws or
   * kills the process here.
   */
  checkpoint?: (label: string) => void | Promise<void>;
}

/**
 * One execution (apply, resume, retry, revert) of an update run, holding
 * its lock: the run's files, checked; its journal, open for appending; and
 * the steps every execution shares. The journal is the truth: a row's
 * outcome is its latest journaled one, outcomes.jsonl and the two CSVs are
 * rebuilt from it (decision 012).
 */
export class RunSession {
  private requestsSinceWrite = 0;
  private requestsTotal = 0;
  private appended = 0;
  private readonly byRow: Map<number, PlannedRow>;

  private constructor(
    readonly dir: string,
    private run: UpdateRun,
    readonly planned: readonly PlannedRow[],
    private readonly skipped: readonly RowOutcome[],
    private readonly journal: UpdateJournal,
    private readonly io: RunIo,
  ) {
    this.byRow = new Map(planned.map((p) => [p.row, p]));
  }

  /**
   * A new run's first execution: run.json, planned.jsonl and skipped.jsonl
   * are written; the journal must not exist yet.
   */
  static async create(
    dir: string,
    run: UpdateRun,
    planned: readonly PlannedRow[],
    skipped: readonly RowOutcome[],
    io: RunIo,
  ): Promise<RunSession> {
    const journal = await openUpdateJournal(updatePaths(dir).journal);
    return new RunSession(dir, run, planned, skipped, journal, io);
  }

  /**
   * An existing run, for resume, retry or revert: refused before anything is
   * read from the account when `connectionId` is not the run's account, or
   * when any of its files is not as written. An older run (no checksums) is
   * checked as far as it can be and upgraded (legacy-run.ts).
   */
  static async open(dir: string, io: RunIo, connectionId: string): Promise<RunSession> {
    const file = await readRunFile(dir);
    // Read-only checks first: an older run that cannot be trusted says so.
    if (file.version === 1) await verifyLegacyRun(dir, file.run);
    assertRunAccount(file.run.runId, file.run.connection, connectionId);
    const run = file.version === 1 ? await upgradeLegacyRun(dir, file.run) : file.run;
    const [planned, skipped] = await Promise.all([readPlanned(dir, run), readSkipped(dir, run)]);
    checkRowsDisjoint(dir, planned, skipped);
    const journal = await openUpdateJournal(updatePaths(dir).journal);
    const session = new RunSession(dir, run, planned, skipped, journal, io);
    try {
      session.checkJournalRows();
      await session.checkOutcomesFile();
    } catch (error) {
      await journal.close();
      throw error;
    }
    return session;
  }

  get runInfo(): UpdateRun {
    return this.run;
  }

  /** Requests this execution made. */
  get requests(): number {
    return this.requestsTotal;
  }

  /** Whether this execution journaled anything. */
  get changed(): boolean {
    return this.appended > 0;
  }

  applyEnd(): 'finished' | 'cancelled' | null {
    return this.journal.state().applyEnd;
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  /** Every list row's current outcome, in row order: skipped rows, then the journal's. */
  outcomes(): RowOutcome[] {
    return foldOutcomes(this.planned, this.skipped, this.journal.state());
  }

  /** The latest journaled outcome of a planned row. */
  outcomeOf(row: number): JournaledOutcome | undefined {
    return this.journal.state().rows.get(row);
  }

  /** Planned rows the drift check did not hold back. */
  sendable(): PlannedRow[] {
    const rows = this.journal.state().rows;
    return this.planned.filter((p) => {
      const o = rows.get(p.row);
      return !(o?.source === 'held' && o.code === CHANGED_SINCE_PREVIEW);
    });
  }

  /** Journals the rows held back because they changed since the preview (once, before batch 1). */
  async hold(held: readonly RowOutcome[]): Promise<void> {
    await this.append({ type: 'held', outcomes: held.map(toJournalOutcome) });
  }

  /**
   * The drift check of an apply killed before it journaled one, done again
   * from the verified backup: the backup IS the fresh read that check used.
   */
  async ensureHeld(): Promise<void> {
    if (this.journal.state().held) return;
    const found = await backupByEmail(this.dir, this.run);
    await this.hold(holdDriftedRows(this.planned, found).held);
  }

  /**
   * Closes the batches a killed execution left open, before anything else is
   * sent: a batch never sent (intent only) keeps its rows' earlier outcomes;
   * a batch sent without a recorded outcome is settled by reading its
   * prospects back, never by sending it again (applied rows become
   * updated/added; the others fail with NOT_APPLIED, safe to send). If that
   * read fails the rows stay unknown. Cancel leaves the batch open.
   */
  async settleOpenBatches(): Promise<number> {
    let settled = 0;
    const replay = this.journal.state();
    // A copy: settling changes the batches' states as it goes.
    const open = replay.batches.filter((b) => b.status !== 'done').map((b) => ({ ...b }));
    for (const batch of open) {
      const rows = batch.rows.map((row) => this.byRow.get(row)!);
      if (batch.status === 'pending') {
        await this.append({
          type: 'outcome',
          batch: batch.batch,
          via: 'not-sent',
          outcomes: rows.map((row) => {
            const earlier = replay.rows.get(row.row);
            return earlier
              ? stripSource(earlier)
              : toJournalOutcome(notSentYet(row, replay.applyEnd));
          }),
        });
        continue;
      }
      this.io.signal?.throwIfAborted();
      const outcomes = await this.readBackOr(rows, reconcileOutcomes(rows, { unknown: true }));
      await this.append({
        type: 'outcome',
        batch: batch.batch,
        via: 'read-back',
        outcomes: outcomes.map(toJournalOutcome),
      });
      settled += rows.length;
    }
    return settled;
  }

  /**
   * Rows the apply still has to send: never sent (or in a batch closed
   * unsent), and rows a read-back proved were not applied.
   */
  rowsLeftToApply(): PlannedRow[] {
    const rows = this.journal.state().rows;
    return this.sendable().filter((p) => {
      const o = rows.get(p.row);
      return o === undefined || o.code === NOT_SENT_CODE || o.code === NOT_APPLIED;
    });
  }

  /**
   * Sends rows in batches of the run's size, each journaled intent → sent
   * (fsync'd before the request) → outcome. A lost answer is settled by
   * reading back before its outcome is written. Cancel stops before the next
   * batch; the one in flight finishes.
   */
  async send(rows: readonly PlannedRow[], op: UpdateOp): Promise<{ cancelled: boolean }> {
    const batches = planUpdateBatches(rows, {
      fileName: this.run.fileName,
      batchSize: this.run.batchSize,
    });
    let next = (this.journal.state().batches.at(-1)?.batch ?? -1) + 1;
    let done = 0;
    for (const batch of batches) {
      if (this.io.signal?.aborted) return { cancelled: true };
      const number = next++;
      await this.append({ type: 'intent', batch: number, op, rows: batch.rows.map((r) => r.row) });
      await this.append({ type: 'sent', batch: number });
      const answer = await sendBatch(this.io.client, batch.prospects, batch.fileName);
      this.count(1);
      await this.io.checkpoint?.('answer');
      let outcomes = reconcileOutcomes(batch.rows, answer);
      const lost = 'unknown' in answer;
      if (lost) outcomes = await this.readBackOr(batch.rows, outcomes);
      await this.append({
        type: 'outcome',
        batch: number,
        via: lost ? 'read-back' : 'answer',
        outcomes: outcomes.map(toJournalOutcome),
      });
      done += batch.rows.length;
      this.io.onProgress?.({ done, total: rows.length, requests: this.requestsTotal });
    }
    return { cancelled: false };
  }

  /**
   * Rows whose read-back failed earlier (outcome unknown) are read back
   * again; applied ones become updated/added, the others NOT_APPLIED. A
   * failed read leaves them unknown and sends nothing.
   */
  async readBackUnknownRows(): Promise<number> {
    const journaled = this.journal.state().rows;
    const rows = this.planned.filter((p) => journaled.get(p.row)?.outcome === 'unknown');
    if (rows.length === 0) return 0;
    try {
      const back = await readBack(this.io.client, rows, this.io.signal);
      this.count(back.requests);
      await this.append({
        type: 'settled',
        via: 'read-back',
        outcomes: back.outcomes.map(toJournalOutcome),
      });
      return back.outcomes.length;
    } catch (error) {
      if (this.io.signal?.aborted) throw error;
      return 0;
    }
  }

  /**
   * Rows applied (by an answer or a read-back) that emptied fields and were
   * not checked yet are read back once (verify-clears.ts), and the result
   * journaled: a resume never checks a row twice, and never forgets to. A
   * retry (`recheck`) also checks again the rows whose check could not read
   * the account (CLEAR_UNVERIFIED): reading is always safe.
   */
  async checkClears(options: { recheck?: boolean } = {}): Promise<void> {
    const replay = this.journal.state();
    const rows: PlannedRow[] = [];
    const current: RowOutcome[] = [];
    for (const row of this.planned) {
      const o = replay.rows.get(row.row);
      if (!o || (o.outcome !== 'updated' && o.outcome !== 'added')) continue;
      const unchecked = o.source === 'answer' || o.source === 'read-back';
      const unverified = options.recheck && o.source === 'clears' && o.code === CLEAR_UNVERIFIED;
      if (!unchecked && !unverified) continue;
      if (!Object.entries(row.update).some(([f, v]) => f !== 'email' && v === '')) continue;
      rows.push(row);
      const { code: _code, message: _message, ...applied } = toRowOutcome(o, row.email);
      current.push(unverified ? applied : toRowOutcome(o, row.email));
    }
    if (rows.length === 0) return;
    const verified = await verifyClears(this.io.client, rows, current);
    this.count(verified.requests);
    await this.append({
      type: 'settled',
      via: 'clears',
      outcomes: verified.outcomes.map(toJournalOutcome),
    });
  }

  async end(op: UpdateOp, state: 'finished' | 'cancelled'): Promise<void> {
    await this.append({ type: 'end', op, state });
  }

  /**
   * Rebuilds outcomes.jsonl, success.csv and errors.csv from the journal,
   * then records outcomes.jsonl (count, size, sha256), the counts and the
   * requests in run.json.
   */
  async writeFiles(extra: Partial<Pick<UpdateRun, 'reverted'>> = {}): Promise<RowOutcome[]> {
    const paths = updatePaths(this.dir);
    const outcomes = this.outcomes();
    const files = resultFiles(outcomes);
    const journalBytes = (await stat(paths.journal)).size;
    const digest = await writeJsonLines(paths.outcomes, outcomes);
    await this.io.checkpoint?.('files');
    await writeFileDurably(paths.success, files.success);
    await writeFileDurably(paths.errors, files.errors);
    this.run = {
      ...this.run,
      ...extra,
      requests: this.run.requests + this.requestsSinceWrite,
      counts: countOutcomes(outcomes),
      outcomes: { ...digest, journalBytes },
    };
    this.requestsSinceWrite = 0;
    await writeRun(this.dir, this.run);
    return outcomes;
  }

  /** Counts requests made outside the session's own sends (revert's reads and writes). */
  count(requests: number): void {
    this.requestsSinceWrite += requests;
    this.requestsTotal += requests;
  }

  private async append(entry: UpdateJournalInput): Promise<void> {
    await this.journal.append(entry);
    this.appended++;
    await this.io.checkpoint?.(entry.type);
  }

  private async readBackOr(
    rows: readonly PlannedRow[],
    fallback: RowOutcome[],
  ): Promise<RowOutcome[]> {
    try {
      const back = await readBack(this.io.client, rows);
      this.count(back.requests);
      return back.outcomes;
    } catch {
      // The read failed too: the rows stay unknown, and say so.
      return fallback;
    }
  }

  /** Every row the journal names is a planned row: anything else is damage. */
  private checkJournalRows(): void {
    const replay = this.journal.state();
    const path = updatePaths(this.dir).journal;
    for (const row of replay.rows.keys()) {
      if (!this.byRow.has(row))
        throw damagedFile(path, `names row ${row}, which the run never planned`);
    }
    for (const batch of replay.batches) {
      for (const row of batch.rows) {
        if (!this.byRow.has(row)) {
          throw damagedFile(path, `names row ${row}, which the run never planned`);
        }
      }
    }
  }

  /**
   * outcomes.jsonl is rebuilt from the journal, so it is intact when it is
   * either what the journal gives now or what run.json says was last written
   * (a kill between the journal's last entry and the rebuild). Anything else
   * was changed after it was written: refused. Missing is fine (rebuilt).
   */
  private async checkOutcomesFile(): Promise<void> {
    const path = updatePaths(this.dir).outcomes;
    const found = await fileDigest(path);
    if (!found) return;
    const recorded = this.run.outcomes;
    if (recorded && found.bytes === recorded.bytes && found.sha256 === recorded.sha256) return;
    const rebuilt = createHash('sha256');
    let bytes = 0;
    for (const outcome of this.outcomes()) {
      const line = Buffer.from(`${JSON.stringify(outcome)}\n`, 'utf8');
      rebuilt.update(line);
      bytes += line.length;
    }
    if (bytes === found.bytes && rebuilt.digest('hex') === found.sha256) {
      // Rebuilt just before a kill, not yet recorded: record it now.
      const count = this.planned.length + this.skipped.length;
      const journalBytes = (await stat(updatePaths(this.dir).journal)).size;
      this.run = { ...this.run, outcomes: { count, ...found, journalBytes } };
      await writeRun(this.dir, this.run);
      return;
    }
    throw damagedFile(
      path,
      'does not match the run (it was changed or cut short after it was written)',
    );
  }
}

function stripSource(o: JournaledOutcome) {
  const { source: _source, ...rest } = o;
  return rest;
}

/** No list row is both planned and skipped. */
function checkRowsDisjoint(
  dir: string,
  planned: readonly PlannedRow[],
  skipped: readonly RowOutcome[],
): void {
  const rows = new Set<number>();
  for (const row of [...planned.map((p) => p.row), ...skipped.map((s) => s.row)]) {
    if (rows.has(row)) {
      throw damagedFile(join(dir, 'planned.jsonl'), `and skipped.jsonl both name row ${row}`);
    }
    rows.add(row);
  }
}

async function sendBatch(
  client: WoodpeckerV1Client,
  prospects: readonly PlannedRow['update'][],
  fileName: string,
): Promise<UpdateAnswer> {
  try {
    // No signal: a request in flight is let finish so its outcome is known.
    return await client.updateProspects({ prospects, fileName });
  } catch (error) {
    if (error instanceof ApiError && !error.outcomeUnknown) {
      return { error: { code: error.vendorCode ?? error.code, message: error.message } };
    }
    return { unknown: true, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Sends rows once, without a journal (revert: putting values back is safe to
 * repeat, and revert reads every prospect first). Exactly one outcome per
 * row; a lost answer is read back, never resent; cancel stops before the
 * next batch.
 */
export async function sendRowsOnce(options: {
  client: WoodpeckerV1Client;
  rows: readonly PlannedRow[];
  fileName: string;
  batchSize: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; requests: number }) => void;
}): Promise<{ outcomes: RowOutcome[]; requests: number }> {
  const { client, rows, signal } = options;
  const batches = planUpdateBatches(rows, {
    fileName: options.fileName,
    batchSize: options.batchSize,
  });
  const outcomes: RowOutcome[] = [];
  let requests = 0;
  for (const batch of batches) {
    if (signal?.aborted) {
      for (const row of batch.rows) {
        outcomes.push({
          row: row.row,
          email: row.email,
          prospectId: row.prospectId,
          outcome: 'failed',
          code: CANCELLED_CODE,
          message: 'Cancelled before it was sent.',
        });
      }
      continue;
    }
    const answer = await sendBatch(client, batch.prospects, batch.fileName);
    requests++;
    let settled = reconcileOutcomes(batch.rows, answer);
    if ('unknown' in answer) {
      try {
        const back = await readBack(client, batch.rows);
        requests += back.requests;
        settled = back.outcomes;
      } catch {
        // The read failed too: the rows stay unknown, and say so.
      }
    }
    outcomes.push(...settled);
    options.onProgress?.({ done: outcomes.length, total: rows.length, requests });
  }
  return { outcomes, requests };
}

/** The verified pre-update backup, as prospects by lowercase email. */
export async function backupProspectsByEmail(
  dir: string,
  run: Pick<UpdateRun, 'runId' | 'connection'>,
): Promise<Map<string, Prospect>> {
  const backup = await verifyBackupForRestore({
    dir,
    runId: run.runId,
    connectionId: run.connection.id,
  });
  const prospects = new Map<string, Prospect>();
  for await (const line of fileLines(backup.paths.jsonl)) {
    const record = parseObjectLine(line.bytes);
    if (!record) throw new AppError('conflict', `The backup of run ${run.runId} is damaged.`);
    const prospect = toProspect(WoodpeckerProspectWire.parse(record));
    prospects.set(emailKey(prospect.email) ?? prospect.email.toLowerCase(), prospect);
  }
  return prospects;
}

/** The backup in the shape of the fresh read it was taken from (preview-drift.ts). */
async function backupByEmail(
  dir: string,
  run: UpdateRun,
): Promise<Map<string, { prospect: Prospect }>> {
  const byEmail = await backupProspectsByEmail(dir, run);
  return new Map([...byEmail].map(([email, prospect]) => [email, { prospect }]));
}

/** NOT_CLEARED rows among outcomes. */
export const notClearedCount = (outcomes: readonly RowOutcome[]) =>
  outcomes.filter((o) => o.code === NOT_CLEARED).length;

/** True when `dir/run.json` exists. */
export async function hasRun(dir: string): Promise<boolean> {
  return stat(updatePaths(dir).run).then(
    (s) => s.isFile(),
    () => false,
  );
}
