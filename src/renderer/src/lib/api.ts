import type { ProspectDeskApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';

declare global {
  interface Window {
    readonly prospectDesk: ProspectDeskApi;
  }
}

/** The preload's bridge: the renderer's only way to reach main. */
export const api: ProspectDeskApi = window.prospectDesk;

/** Unwraps a Result for code that shows errors through a thrown `ApiCallError`. */
export async function call<T>(promise: Promise<Result<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new ApiCallError(result.error.message, result.error.code);
  return result.value;
}

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
