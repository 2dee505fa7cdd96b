/**
 * The renderer's side of the import worker: each call gets an id and a
 * promise settled by the worker's one response (../../workers/protocol.ts).
 */
import type { ImportProgress } from '../../../../shared/import/session-types';
import type {
  WorkerInput,
  WorkerMessage,
  WorkerMethod,
  WorkerOutput,
  WorkerRequest,
} from '../../workers/protocol';

/** A failed worker call; `code` is the ImportError code when there is one ('cancelled' …). */
export class WorkerCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: WorkerCallError): void;
}

/** Starts a fresh import worker (Vite bundles the file this URL names). */
function createImportWorker(): Worker {
  return new Worker(new URL('../../workers/import-worker.ts', import.meta.url), {
    type: 'module',
    name: 'import',
  });
}

/** One worker, one list: `close()` terminates it and frees the list's rows. */
export class ImportWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly progressListeners = new Set<(progress: ImportProgress) => void>();
  private nextId = 1;
  private closed = false;

  constructor(create: () => Worker = createImportWorker) {
    this.worker = create();
    this.worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) =>
      this.receive(event.data),
    );
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.failAll(`The import worker stopped: ${event.message || 'it could not start'}.`);
    });
    this.worker.addEventListener('messageerror', () =>
      this.failAll('The import worker sent a message that could not be read.'),
    );
  }

  /** Calls `method` in the worker; `transfer` moves buffers instead of copying them. */
  call<M extends WorkerMethod>(
    method: M,
    input: WorkerInput<M>,
    transfer: Transferable[] = [],
  ): Promise<WorkerOutput<M>> {
    if (this.closed) {
      return Promise.reject(new WorkerCallError('This list was closed.', 'closed'));
    }
    const id = this.nextId++;
    return new Promise<WorkerOutput<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request = { id, method, input } as WorkerRequest;
      this.worker.postMessage(request, transfer);
    });
  }

  /** Follows import progress (throttled by the session to ≤ 10 a second). */
  onProgress(listener: (progress: ImportProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
    this.failAll('This list was closed.', 'closed');
    this.progressListeners.clear();
  }

  private receive(message: WorkerMessage): void {
    if (message.kind === 'progress') {
      for (const listener of this.progressListeners) listener(message.progress);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new WorkerCallError(message.error.message, message.error.code));
  }

  private failAll(message: string, code = 'internal'): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new WorkerCallError(message, code));
  }
}
