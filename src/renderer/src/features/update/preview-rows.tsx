import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { PreviewRow } from '../../../../shared/update/update-preview';
import type { RowKind } from '../../../../shared/update/update-types';
import { useRowWindow } from '../../components/data-grid-rows';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { ChangeView } from './change-view';
import { KIND_TEXT } from './kind-text';
import { RowDetails } from './row-details';
import { usePreviewRows } from './use-preview-rows';
import { updateStore } from './update-store';

const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 32;

const sendable = (row: PreviewRow) => row.kind === 'new' || row.kind === 'changed';

/**
 * The preview's rows for the chosen kinds, windowed (only the rows on screen
 * are rendered and fetched). One tab stop: arrows, Page Up/Down, Home/End
 * move; Space includes or excludes the active row. The active row's changes
 * are shown in full below the list.
 */
export function PreviewRows({
  previewId,
  kinds,
  rowsVersion,
  disabled,
}: {
  previewId: string;
  kinds: RowKind[];
  rowsVersion: number;
  disabled: boolean;
}) {
  const cache = usePreviewRows(previewId, kinds, rowsVersion);
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = cache.total ?? 0;
  const rows = useRowWindow(scrollRef, count, ROW_HEIGHT, HEADER_HEIGHT, 8);
  const [cursor, setCursor] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const active = Math.min(cursor, Math.max(0, count - 1));
  const first = rows.positions[0] ?? 0;
  const last = rows.positions[rows.positions.length - 1] ?? 0;
  useEffect(() => cache.ensure(first, last + 1), [cache, first, last, count]);

  const toggle = async (row: PreviewRow) => {
    if (!sendable(row) || disabled) return;
    setError(null);
    const included = !row.included;
    const result = await api.setPreviewIncluded({ previewId, index: row.index, included });
    if (!result.ok) return setError(`${result.error.message} The row was not changed.`);
    cache.replace({ ...row, included });
    updateStore.update({ summary: result.value });
  };

  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    setCursor(next);
    rows.scrollToRow(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: rows.pageRows,
      PageUp: -rows.pageRows,
    };
    const step = steps[event.key];
    if (step !== undefined) move(active + step);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(count - 1);
    else if (event.key === ' ') {
      const row = cache.row(active);
      if (row) void toggle(row);
    } else return;
    event.preventDefault();
  };
  const rowId = (position: number) => `${id}-row-${position}`;
  const activeRow = cache.row(active);

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="update-rows">
      <h2 id={`${id}-title`}>
        Rows <span className="muted">({cache.total === null ? '…' : formatCount(count)})</span>
      </h2>
      <p className="muted">
        Arrows move, Space includes or excludes the row; the row&apos;s changes show in full below.
      </p>
      <div
        ref={scrollRef}
        className="preview-rows"
        role="grid"
        aria-label="Preview rows"
        aria-rowcount={count + 1}
        aria-activedescendant={count > 0 ? rowId(active) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="update-rows-grid"
        data-ready={cache.settled() && cache.total !== null ? 'true' : 'false'}
        data-rows={cache.total ?? ''}
        style={{ height: `min(50vh, ${HEADER_HEIGHT + Math.max(count, 3) * ROW_HEIGHT + 4}px)` }}
      >
        <div className="pr-canvas" style={{ height: HEADER_HEIGHT + rows.canvasHeight }}>
          <div className="pr-row pr-header" role="row" style={{ height: HEADER_HEIGHT }}>
            <span role="columnheader">Row</span>
            <span role="columnheader">Send</span>
            <span role="columnheader">Kind</span>
            <span role="columnheader">Email</span>
            <span role="columnheader">Changes (old → new)</span>
          </div>
          {count === 0 && cache.total !== null && (
            <p className="muted pr-empty" style={{ top: HEADER_HEIGHT }}>
              No rows of the chosen kinds.
            </p>
          )}
          {rows.positions.map((position) => {
            const row = cache.row(position);
            return (
              <div
                key={position}
                id={rowId(position)}
                className={`pr-row${position === active ? ' pr-active' : ''}`}
                role="row"
                aria-selected={position === active}
                style={{ top: rows.top(position), height: ROW_HEIGHT }}
                onMouseDown={() => setCursor(position)}
                data-testid="update-row"
                data-row={row?.row}
                data-kind={row?.kind}
                data-included={row ? String(row.included) : undefined}
              >
                {row ? <RowCells row={row} onToggle={toggle} disabled={disabled} /> : <span />}
              </div>
            );
          })}
        </div>
      </div>
      <ErrorMessage message={error ?? cache.error} testId="update-rows-error" />
      {activeRow && <RowDetails row={activeRow} />}
    </section>
  );
}

function RowCells({
  row,
  onToggle,
  disabled,
}: {
  row: PreviewRow;
  onToggle(row: PreviewRow): Promise<void>;
  disabled: boolean;
}) {
  return (
    <>
      <span role="gridcell">{formatCount(row.row)}</span>
      <span role="gridcell">
        {sendable(row) && (
          <input
            type="checkbox"
            tabIndex={-1}
            checked={row.included}
            disabled={disabled}
            onChange={() => void onToggle(row)}
            aria-label={`Send row ${row.row}`}
            data-testid="update-row-include"
          />
        )}
      </span>
      <span role="gridcell">
        <span className={`badge kind-badge kind-${row.kind}`}>{KIND_TEXT[row.kind]}</span>
      </span>
      <span role="gridcell" className="pr-email" title={row.email}>
        {row.email || <span className="muted">no email</span>}
      </span>
      <span role="gridcell" className="pr-changes">
        {row.kind === 'changed' &&
          row.changes.map((c) => <ChangeView key={c.field} change={c} compact />)}
        {row.kind === 'new' && (
          <span className="muted">
            Added with {row.changes.length} field{row.changes.length === 1 ? '' : 's'}
          </span>
        )}
      </span>
    </>
  );
}
