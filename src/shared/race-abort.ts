/**
 * Settles like `promise`, or rejects with `abortError()` as soon as `signal`
 * aborts (the promise itself runs on: for work shared with other waiters).
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  abortError: () => unknown = () => signal.reason,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
