import { useEffect, useEffectEvent, useRef, useState, useSyncExternalStore } from 'react';
import type { DragEvent } from 'react';
import type { ListMeta } from '../../../../shared/lists';
import type { ImportOverrides } from '../../../../shared/import/session-types';
import type { MappingPreset } from '../../../../shared/import/mapping-presets';
import { readOpenedFile } from '../../../../shared/opened-files';
import type { OpenedFile } from '../../../../shared/opened-files';
import { api, call } from '../../lib/api';
import { ErrorMessage } from '../../components/error-message';
import { ImportController } from '../import/import-controller';
import { ImportView } from '../import/import-view';
import { ConfirmDialog } from './confirm-dialog';
import { FileDropZone } from './file-drop-zone';
import { listPieceReader } from './list-storage';
import { OpenedFileStatus } from './opened-file-status';
import type { OpeningFile } from './opened-file-status';
import { openedFilesInbox } from './opened-files-inbox';
import { openListStore } from './open-list-store';
import type { DamagedList } from '../../../../shared/ipc/contract';
import { DamagedLists } from './damaged-lists';
import { SavedLists } from './saved-lists';
import { useSavedLists } from './use-saved-lists';

type Pending =
  | { kind: 'remove'; list: ListMeta }
  | { kind: 'remove-damaged'; list: DamagedList }
  /** `incoming`: the name of a file opened with the app that would replace it. */
  | { kind: 'replace'; open: () => void; incoming?: string };

/** Saved mapping presets; an import works without them if they cannot be read. */
async function loadPresets(): Promise<MappingPreset[]> {
  const result = await api.listPresets().catch(() => null);
  return result?.ok ? result.value.presets : [];
}

/**
 * Lists: drop or choose a spreadsheet to import it, open or remove the lists
 * kept in the data folder (they work offline and survive restarts). A file
 * dropped anywhere on the page is imported, and so is a file opened with the
 * app (double-click, "Open with", the command line), once read from main.
 */
export function ListsPage() {
  const open = useSyncExternalStore(openListStore.subscribe, openListStore.get);
  const saved = useSavedLists();
  const [dragging, setDragging] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<OpeningFile | null>(null);
  /** Why files opened with the app were not imported. */
  const [notices, setNotices] = useState<string[]>([]);
  /** Stops reading the opened file in progress (Cancel, another file, a drop). */
  const openingAbort = useRef<AbortController | null>(null);
  /** Lets go of the opened file a pending "Discard unsaved changes?" is about, if declined. */
  const onDecline = useRef<(() => void) | null>(null);

  /** Runs `start` now, or after confirming when the open list has unsaved edits. */
  const replaceOpen = (start: () => void, incoming?: { name: string; decline(): void }) => {
    onDecline.current?.();
    onDecline.current = null;
    const snapshot = open?.getSnapshot();
    const unsaved =
      snapshot && (snapshot.dirty || (!snapshot.saved && snapshot.phase === 'loaded'));
    if (!unsaved) return start();
    onDecline.current = incoming?.decline ?? null;
    setPending({ kind: 'replace', open: start, incoming: incoming?.name });
  };
  const stopOpening = () => {
    openingAbort.current?.abort();
    openingAbort.current = null;
    setOpening(null);
  };
  const importFile = (file: File, overrides?: ImportOverrides) => {
    setError(null);
    stopOpening();
    void loadPresets().then((presets) =>
      openListStore.set(ImportController.fromFile(file, { overrides, presets })),
    );
  };
  /** Reads a file opened with the app from main, in pieces, then imports it like a drop. */
  const readOpened = (file: OpenedFile) => {
    stopOpening();
    const abort = new AbortController();
    openingAbort.current = abort;
    const progress = (bytesRead: number) => ({ name: file.name, size: file.size, bytesRead });
    setOpening(progress(0));
    readOpenedFile(file, {
      signal: abort.signal,
      readChunk: async (offset, length) =>
        (await call(api.readOpenedFileChunk({ token: file.token, offset, length }))).bytes,
      onProgress: (bytesRead) => {
        if (!abort.signal.aborted) setOpening(progress(bytesRead));
      },
    })
      .then(
        (read) => {
          if (!abort.signal.aborted) importFile(read);
        },
        (e: unknown) => {
          if (abort.signal.aborted) return;
          stopOpening();
          setNotices([e instanceof Error ? e.message : `“${file.name}” could not be opened.`]);
        },
      )
      .finally(() => void api.releaseOpenedFile({ token: file.token }));
  };
  // Files opened with the app: those that arrived before this page showed,
  // then each new batch. One is imported; the others are let go and said so.
  const takeOpened = useEffectEvent(() => {
    const entries = openedFilesInbox.takeAll();
    if (entries.length === 0) return;
    const files = entries.filter((entry): entry is OpenedFile => entry.kind === 'file');
    const [first, ...extra] = files;
    for (const file of extra) void api.releaseOpenedFile({ token: file.token });
    const news = entries.flatMap((entry) => (entry.kind === 'refused' ? [entry.message] : []));
    if (first && extra.length > 0) {
      news.push(
        `Prospect Desk opens one file at a time: “${first.name}” was opened, ${extra
          .map((file) => `“${file.name}”`)
          .join(', ')} ${extra.length === 1 ? 'was' : 'were'} not.`,
      );
    }
    setNotices(news);
    if (!first) return;
    const decline = () => void api.releaseOpenedFile({ token: first.token });
    replaceOpen(() => readOpened(first), { name: first.name, decline });
  });
  useEffect(() => openedFilesInbox.whenWaiting(() => takeOpened()), []);
  // Leaving the page with the question still open declines it.
  useEffect(() => () => onDecline.current?.(), []);

  const openSaved = (meta: ListMeta) => {
    setError(null);
    stopOpening();
    replaceOpen(() =>
      openListStore.set(ImportController.fromSaved(meta, listPieceReader(meta.id))),
    );
  };
  const remove = async (list: { id: string; name: string }) => {
    setPending(null);
    const result = await api.removeList({ id: list.id });
    if (!result.ok) setError(`“${list.name}” was not removed: ${result.error.message}`);
    if (open?.getSnapshot().saved?.id === list.id) openListStore.set(null);
    await saved.reload();
  };

  const dropHandlers = {
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (e.currentTarget === e.target) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer.files[0];
      if (!file) return;
      if (e.dataTransfer.files.length > 1)
        setError('Drop one file at a time; the first was opened.');
      replaceOpen(() => importFile(file));
    },
  };

  return (
    <div
      className={`lists-page${dragging ? ' dragging' : ''}`}
      data-testid="lists-page"
      data-ready={saved.loaded ? 'true' : 'false'}
      {...dropHandlers}
    >
      <OpenedFileStatus
        opening={opening}
        notices={notices}
        onCancel={stopOpening}
        onDismiss={() => setNotices([])}
      />
      {open ? (
        <ImportView
          key={open.id}
          controller={open}
          onClose={() => replaceOpen(() => openListStore.set(null))}
          onReimport={(file, overrides) => importFile(file, overrides)}
          onSaved={() => void saved.reload()}
        />
      ) : (
        <section className="page" aria-labelledby="lists-title">
          <h1 id="lists-title">Lists</h1>
          <p className="muted">
            Imported spreadsheets are kept in your data folder: they stay usable offline.
          </p>
          <ErrorMessage message={error ?? saved.error} testId="lists-error" />
          <FileDropZone active={dragging} onFile={(file) => importFile(file)} />
          <DamagedLists
            damaged={saved.damaged}
            onRemove={(list) => setPending({ kind: 'remove-damaged', list })}
          />
          {saved.loaded && saved.lists.length === 0 && (
            <p className="empty" data-testid="lists-empty">
              No saved lists yet. Import a file, then “Save list” to keep it.
            </p>
          )}
          {saved.lists.length > 0 && (
            <SavedLists
              lists={saved.lists}
              onOpen={openSaved}
              onRemove={(list) => setPending({ kind: 'remove', list })}
            />
          )}
        </section>
      )}
      {pending?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove “${pending.list.name}”?`}
          confirmLabel="Remove list"
          onConfirm={() => void remove(pending.list)}
          onCancel={() => setPending(null)}
        >
          Its {pending.list.rows.toLocaleString('en-US')} rows are deleted from your data folder.
          The original file is not touched.
        </ConfirmDialog>
      )}
      {pending?.kind === 'remove-damaged' && (
        <ConfirmDialog
          title="Remove the damaged list?"
          confirmLabel="Remove list"
          onConfirm={() => void remove({ id: pending.list.id, name: pending.list.id })}
          onCancel={() => setPending(null)}
        >
          The folder <code>lists/{pending.list.id}</code> is deleted from your data folder. Copy it
          elsewhere first if you want to try to recover it.
        </ConfirmDialog>
      )}
      {pending?.kind === 'replace' && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          confirmLabel="Discard"
          onConfirm={() => {
            onDecline.current = null;
            setPending(null);
            pending.open();
          }}
          onCancel={() => {
            onDecline.current?.();
            onDecline.current = null;
            setPending(null);
          }}
        >
          {pending.incoming && <>“{pending.incoming}” was opened with Prospect Desk. </>}
          The open list is not saved, or has changes since it was saved. Save it first to keep them.
        </ConfirmDialog>
      )}
    </div>
  );
}
