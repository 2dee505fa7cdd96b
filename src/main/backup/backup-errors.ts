import type { AppErrorDto, ErrorCode } from '../../shared/errors';

/** Why a backup could not be written. */
export type BackupWriteCode = 'invalid-run-id' | 'invalid-record' | 'id-set';

/** Why a backup on disk cannot be trusted for this run. */
export type BackupVerificationCode =
  | 'invalid-run-id'
  | 'missing-manifest'
  | 'bad-manifest'
  | 'stale-manifest'
  | 'connection'
  | 'missing-file'
  | 'checksum'
  | 'unparseable-line'
  | 'count'
  | 'id-set'
  /** A delete run's plan differs from the digest sealed in its manifest, or from its backup. */
  | 'plan-changed'
  /** A delete run's plan was never sealed (an older version's run, or a preparation cut short). */
  | 'plan-unsealed';

/** Why a write-ahead journal cannot be replayed. */
export type JournalCorruptCode = 'bad-line' | 'seq-gap' | 'invalid-transition';

/**
 * Shared shape of the backup errors: a precise `code` for main's own logic and
 * tests, and `toDto()` so src/main/error-dto.ts keeps the message at the edge.
 */
abstract class BackupFailure<Code extends string> extends Error {
  protected abstract readonly dtoCode: ErrorCode;

  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toDto(): AppErrorDto {
    return {
      code: this.dtoCode,
      message: this.message,
      details: { reason: this.code, ...this.details },
    };
  }
}

/**
 * The backup was refused: nothing was verified, no manifest was written, so
 * the delete gate will refuse every id of the run.
 */
export class BackupWriteError extends BackupFailure<BackupWriteCode> {
  override readonly name = 'BackupWriteError';
  protected readonly dtoCode: ErrorCode = 'conflict';
}

/** The files on disk do not prove a complete backup of exactly this run's delete set. */
export class BackupVerificationError extends BackupFailure<BackupVerificationCode> {
  override readonly name = 'BackupVerificationError';
  protected readonly dtoCode: ErrorCode = 'conflict';
}

/**
 * The journal is damaged somewhere other than its last line, so where the run
 * stopped is unknown: the run stops rather than guess (a guess could resend a
 * delete or skip one).
 */
export class JournalCorruptError extends BackupFailure<JournalCorruptCode> {
  override readonly name = 'JournalCorruptError';
  protected readonly dtoCode: ErrorCode = 'conflict';
}
