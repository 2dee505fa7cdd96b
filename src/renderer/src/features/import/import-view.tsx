import { useCallback, useDeferredValue, useState, useSyncExternalStore } from 'react';
import type { ListMeta } from '../../../../shared/lists';
import { FIELD_LABELS } from '../../../../shared/import/prospect-fields';
import type { ProspectField } from '../../../../shared/import/prospect-fields';
import type { GridRow, ImportOverrides } from '../../../../shared/import/session-types';
import { cleanHeader } from '../../../../shared/import/header-key';
import { DataGrid } from '../../components/data-grid';
import type { DataGridSort } from '../../components/data-grid';
import { ErrorMessage } from '../../components/error-message';
import { listNameFor } from '../lists/list-storage';
import { SaveListPanel } from '../lists/save-list-panel';
import { DetectionPanel } from './detection-panel';
import { ExportPanel } from './export-panel';
import { FileProblems } from './file-problems';
import { GridToolbar } from './grid-toolbar';
import type { ImportController } from './import-controller';
import { ImportProgressBar } from './import-progress';
import { MappingEditor } from './mapping-editor';
import { PresetBanner, SavePreset } from './preset-controls';
import { RowErrors } from './row-errors';
import { useGridView } from './use-grid-view';
import { DuplicateResolver, ValidationCounts } from './validation-summary';

/**
 * An open list: progress while it loads (the grid already shows the first
 * rows), detection, mapping, validation and duplicates, the grid, save and
 * export. Everything row-sized stays in the worker.
 */
export function ImportView({
  controller,
  onClose,
  onReimport,
  onSaved,
}: {
  controller: ImportController;
  onClose(): void;
  onReimport(file: File, overrides: ImportOverrides): void;
  onSaved(meta: ListMeta): void;
}) {
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const { phase, summary, source, saved, busy } = snapshot;
  const view = useGridView(controller, snapshot.dataVersion);
  // The panels (detection, mapping: hundreds of options) render in a later,
  // interruptible pass, so the first rows show without one long task.
  const later = useDeferredValue(summary);
  const [editError, setEditError] = useState<string | null>(null);
  const name =
    saved?.name ?? (source.kind === 'file' ? listNameFor(source.file.name) : source.meta.name);
  const fileName = source.kind === 'file' ? source.file.name : source.meta.sourceFile;
  const loading = phase === 'starting' || phase === 'loading';
  const usable = summary !== null && (phase === 'loading' || phase === 'loaded');

  const onEdit = useCallback(
    async (row: GridRow, column: number, value: string) => {
      setEditError(null);
      const cells = [...row.cells];
      cells[column] = value;
      try {
        view.cache.replaceRow(await controller.editRow(row.index, cells));
      } catch (e) {
        setEditError(`The edit was not saved: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [controller, view.cache],
  );
  const [mappingError, setMappingError] = useState<string | null>(null);
  const assign = useCallback(
    (column: number, field: ProspectField | null) => {
      setMappingError(null);
      controller
        .assignColumn(column, field)
        .catch((e: unknown) =>
          setMappingError(
            `The column was not changed: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
    },
    [controller],
  );
  const { setQuery } = view;
  const setSort = useCallback(
    (sort: DataGridSort) =>
      setQuery((q) => {
        const next = { ...q };
        if (sort) next.sort = sort;
        else delete next.sort;
        return next;
      }),
    [setQuery],
  );

  return (
    <section
      className="page wide import-view"
      aria-labelledby="import-title"
      data-testid="import-view"
      data-state={phase}
      data-ready={phase === 'loaded' && busy === null && later === summary ? 'true' : 'false'}
    >
      <div className="import-head">
        <h1 id="import-title">{name}</h1>
        {fileName !== name && <span className="muted">{fileName}</span>}
        <button
          type="button"
          className="button secondary"
          onClick={onClose}
          data-testid="import-close"
        >
          Back to lists
        </button>
      </div>

      {loading && (
        <ImportProgressBar
          label={source.kind === 'file' ? `Reading ${source.file.name}` : 'Opening the saved list'}
          progress={snapshot.progress}
          onCancel={source.kind === 'file' ? () => controller.cancel() : undefined}
        />
      )}
      {phase === 'failed' && (
        <div className="card" data-testid="import-failed">
          <ErrorMessage
            message={snapshot.error?.message ?? 'The import failed.'}
            testId="import-error"
          />
          <button type="button" className="button secondary" onClick={onClose}>
            Choose another file
          </button>
        </div>
      )}
      {phase === 'cancelled' && (
        <div className="card" data-testid="import-cancelled">
          <p>Import cancelled. Nothing was kept.</p>
          <button type="button" className="button secondary" onClick={onClose}>
            Back to lists
          </button>
        </div>
      )}

      {usable && later && (
        <>
          <PresetBanner preset={snapshot.preset} />
          <details className="card" open={source.kind === 'file'}>
            <summary>
              <h2>How the file was read</h2>
            </summary>
            <DetectionPanel
              key={JSON.stringify(later.detection)}
              detection={later.detection}
              onReimport={
                source.kind === 'file' ? (o) => onReimport(source.file, { ...o }) : undefined
              }
            />
          </details>
          <FileProblems problems={later.problems} count={later.problemCount} />
          <details className="card" open>
            <summary>
              <h2>Columns</h2>
            </summary>
            <MappingEditor
              mapping={later.mapping}
              disabled={busy !== null || loading}
              onAssign={assign}
            />
            <ErrorMessage message={mappingError} testId="mapping-error" />
            <SavePreset mapping={later.mapping} defaultName={listNameFor(fileName)} />
          </details>
        </>
      )}
      {usable && summary && (
        <>
          <div className="card">
            <ValidationCounts summary={summary} />
            <DuplicateResolver
              summary={summary}
              disabled={busy !== null || loading}
              onResolve={(strategy) => controller.resolveDuplicates(strategy)}
            />
            {busy && (
              <p className="muted" role="status" data-testid="import-busy">
                {busy}
              </p>
            )}
          </div>
          <GridToolbar
            headers={summary.headers}
            query={view.query}
            shown={view.cache.total}
            setQuery={view.setQuery}
            searchable={!loading}
          />
          <ErrorMessage message={editError ?? view.cache.error} testId="grid-error" />
          <DataGrid
            label={`Rows of ${name}`}
            columns={summary.headers.map((header, i) => {
              const field = summary.mapping.columns[i]?.field ?? null;
              return {
                label: cleanHeader(header) || `Column ${i + 1}`,
                detail: field ? `→ ${FIELD_LABELS[field]}` : 'not imported',
              };
            })}
            rowCount={view.cache.total}
            rowAt={(position) => view.cache.row(position)}
            onRangeChange={view.ensure}
            sort={view.query.sort}
            onSortChange={loading ? undefined : setSort}
            onEdit={onEdit}
            settled={view.cache.settled()}
          />
        </>
      )}
      {usable && later && (
        <>
          <RowErrors
            controller={controller}
            dataVersion={snapshot.dataVersion}
            invalid={later.invalid}
          />
          <div className="card">
            <h2>Keep this list</h2>
            <SaveListPanel
              controller={controller}
              fileName={fileName}
              saved={saved}
              dirty={snapshot.dirty}
              disabled={phase !== 'loaded' || busy !== null}
              onSaved={onSaved}
            />
          </div>
          <details className="card">
            <summary data-testid="export-toggle">
              <h2>Export</h2>
            </summary>
            <ExportPanel
              controller={controller}
              name={name}
              view={view.query}
              disabled={phase !== 'loaded' || busy !== null}
            />
          </details>
        </>
      )}
    </section>
  );
}
