/**
 * The import worker: owns one ImportSession (parse, mapping, validation,
 * duplicates, edits, export) off the UI thread and answers the requests of
 * ./protocol.ts.
 *
 * One worker per open list: closing the list terminates the worker, which
 * frees its rows at once. The renderer's main thread only ever sees windows.
 */
import { ImportSession } from '../../../shared/import/import-session';
import type { ListPart } from '../../../shared/lists';
import { readFileInSlices } from './file-source';
import { concatPieces, float64View } from './bytes';
import type {
  WorkerCalls,
  WorkerError,
  WorkerInput,
  WorkerMessage,
  WorkerMethod,
  WorkerOutput,
  WorkerRequest,
} from './protocol';

/** The parts of the worker global scope we use (tsconfig.web has the DOM lib, not WebWorker). */
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;

let session: ImportSession | null = null;
let controller: AbortController | null = null;
let restoring: Record<ListPart, Uint8Array[]> = { rows: [], offsets: [] };
let saved: Record<ListPart, Uint8Array> | null = null;
const exportsRunning = new Map<number, Generator<string>>();
let nextExportId = 1;

function current(): ImportSession {
  if (!session) throw new Error('No list is open in this worker.');
  return session;
}

type Handlers = {
  [M in WorkerMethod]: (input: WorkerInput<M>) => WorkerOutput<M> | Promise<WorkerOutput<M>>;
};

const handlers: Handlers = {
  async start({ file, overrides, presets }) {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    session = ImportSession.start(readFileInSlices(file), {
      fileName: file.name,
      totalBytes: file.size,
      overrides,
      presets,
      signal,
      onProgress: (progress) => scope.postMessage({ kind: 'progress', progress }),
    });
    const summary = await session.ready;
    return { summary, preset: session.presetApplied() };
  },
  restorePiece({ part, bytes }) {
    restoring[part].push(bytes);
    return { received: restoring[part].length };
  },
  async restore({ meta }) {
    const rows = concatPieces(restoring.rows);
    const offsets = float64View(concatPieces(restoring.offsets));
    restoring = { rows: [], offsets: [] };
    session = ImportSession.fromSaved(meta, rows, offsets);
    const summary = await session.ready;
    return { summary, preset: null };
  },
  done: () => current().done,
  cancel() {
    const running = controller !== null && !controller.signal.aborted;
    controller?.abort();
    return { cancelled: running };
  },
  summary: () => current().summary(),
  query: ({ query, offset, limit }) => current().query(query, offset, limit),
  assignColumn: ({ column, field }) => current().assignColumn(column, field),
  editRow({ index, cells }) {
    const row = current().editRow(index, cells);
    return { row, summary: current().summary() };
  },
  resolveDuplicates: ({ strategy }) => current().resolveDuplicates(strategy),
  rowErrors({ limit }) {
    const open = current();
    const rows: WorkerOutput<'rowErrors'>['rows'] = [];
    for (const entry of open.rowErrors()) {
      if (rows.length >= limit) break;
      rows.push({ index: entry.index, line: entry.line, errors: [...entry.errors] });
    }
    return { rows, total: open.summary().invalid };
  },
  listMeta: ({ name }) => current().toListMetaInput(name),
  savePrepare() {
    const { rows, offsets } = current().serialize();
    saved = {
      rows,
      offsets: new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength),
    };
    return { rows: saved.rows.byteLength, offsets: saved.offsets.byteLength };
  },
  savePiece({ part, offset, length }) {
    if (!saved) throw new Error('Nothing is being saved.');
    // slice() copies, so the copy can be transferred while the whole stays here.
    return saved[part].slice(offset, offset + length);
  },
  saveRelease() {
    saved = null;
    return null;
  },
  exportStart({ query, options }) {
    const exportId = nextExportId++;
    exportsRunning.set(exportId, current().exportChunks(query, options));
    return { exportId };
  },
  exportNext({ exportId }) {
    const chunks = exportsRunning.get(exportId);
    if (!chunks) throw new Error('This export was cancelled.');
    const next = chunks.next();
    if (next.done) {
      exportsRunning.delete(exportId);
      return { text: null };
    }
    return { text: next.value };
  },
  exportAbort({ exportId }) {
    exportsRunning.get(exportId)?.return(undefined);
    exportsRunning.delete(exportId);
    return null;
  },
};

function toWorkerError(error: unknown): WorkerError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'internal', message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

async function dispatch<M extends WorkerMethod>(method: M, input: WorkerInput<M>) {
  const handler = handlers[method] as (input: WorkerCalls[M]['input']) => unknown;
  return handler(input);
}

scope.addEventListener('message', (event) => {
  const { id, method, input } = event.data;
  dispatch(method, input).then(
    (value) => {
      const transfer = value instanceof Uint8Array ? [value.buffer] : [];
      scope.postMessage({ kind: 'response', id, ok: true, value }, transfer);
    },
    (error: unknown) => {
      scope.postMessage({ kind: 'response', id, ok: false, error: toWorkerError(error) });
    },
  );
});
