import type { AppErrorDto } from './errors';

/**
 * The envelope every IPC call resolves to.
 *
 * Electron drops everything but `message` from errors thrown across `invoke`,
 * so main never throws at the boundary: it resolves `{ ok: false, error }`.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorDto };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: AppErrorDto): Result<T> => ({ ok: false, error });
