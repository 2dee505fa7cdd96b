import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GridRow } from '../../../shared/import/session-types';
import { ROW_DROPPED, ROW_DUPLICATE, ROW_INVALID } from '../../../shared/import/session-types';
import { DataGridCell, DataGridRowHeader } from './data-grid-cell';
import { useGridKeyboard } from './data-grid-keyboard';
import { useRowWindow } from './data-grid-rows';
import type { ActiveCell } from './data-grid-keyboard';

export interface DataGridColumn {
  label: string;
  /** A second line under the label (the prospect field the column maps to). */
  detail?: string;
}

export type DataGridSort = { column: number; direction: 'asc' | 'desc' } | undefined;

export interface DataGridProps {
  label: string;
  columns: DataGridColumn[];
  /** Rows in the current view (null while unknown). */
  rowCount: number | null;
  /** The row at a view position, if fetched; the grid shows a placeholder otherwise. */
  rowAt(position: number): GridRow | undefined;
  /** The rows [start, end) are near the viewport: fetch them. */
  onRangeChange(start: number, end: number): void;
  sort: DataGridSort;
  /** Absent while sorting is unavailable (e.g. the list is still loading). */
  onSortChange?: (sort: DataGridSort) => void;
  /** Saves one cell; the grid shows the re-validated row when it resolves. */
  onEdit(row: GridRow, column: number, value: string): Promise<void>;
  /** True when the rows on screen are loaded (for data-ready). */
  settled: boolean;
}

export const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 44;
const ROW_HEADER_WIDTH = 120;
const COLUMN_WIDTH = 180;
const ignoreEdit = () => undefined;
/** Rows fetched beyond the viewport on each side, so scrolling rarely shows placeholders. */
const PREFETCH_ROWS = 100;

/**
 * A virtualised, keyboard-driven grid for very long lists (a million rows):
 * only the rows and columns on screen are rendered (rows by fixed-height
 * arithmetic, columns by react-virtual), and rows come from the caller window
 * by window. Arrows move the active cell, Enter/F2 edit,
 * Enter commits, Escape cancels; the grid keeps focus and points at the
 * active cell with aria-activedescendant, so virtualisation never drops focus.
 */
export function DataGrid(props: DataGridProps) {
  const { columns, rowAt, onRangeChange } = props;
  const count = props.rowCount ?? 0;
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<ActiveCell>({ row: 0, col: 0 });
  // The row is captured when editing starts: the view may change meanwhile.
  const [editing, setEditing] = useState<{ initial: string; row: GridRow; col: number } | null>(
    null,
  );

  const rows = useRowWindow(scrollRef, count, ROW_HEIGHT, HEADER_HEIGHT, 8);
  // The column virtualizer is mutable by design; we do not run the React
  // Compiler, so nothing here relies on memoising it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COLUMN_WIDTH,
    paddingStart: ROW_HEADER_WIDTH,
    scrollPaddingStart: ROW_HEADER_WIDTH,
    overscan: 2,
  });
  const colItems = cols.getVirtualItems();
  const first = rows.positions[0] ?? 0;
  const last = rows.positions[rows.positions.length - 1] ?? 0;

  useEffect(() => {
    onRangeChange(Math.max(0, first - PREFETCH_ROWS), last + 1 + PREFETCH_ROWS);
  }, [first, last, count, onRangeChange]);

  // The active cell stays inside the view when it shrinks (a filter, a resolution).
  const active: ActiveCell = {
    row: Math.min(cursor.row, Math.max(0, count - 1)),
    col: Math.min(cursor.col, Math.max(0, columns.length - 1)),
  };

  const onKeyDown = useGridKeyboard({
    active,
    rowCount: count,
    colCount: columns.length,
    pageRows: rows.pageRows,
    editing: editing !== null,
    move: (next) => {
      setCursor(next);
      rows.scrollToRow(next.row);
      cols.scrollToIndex(next.col, { align: 'auto' });
    },
    startEdit: (initial) => {
      const row = rowAt(active.row);
      if (!row) return;
      setEditing({ initial: initial ?? row.cells[active.col] ?? '', row, col: active.col });
    },
  });

  const finishEdit = async (value: string | null) => {
    if (!editing) return;
    const { row, col } = editing;
    setEditing(null);
    scrollRef.current?.focus();
    if (value === null || value === (row.cells[col] ?? '')) return;
    await props.onEdit(row, col, value);
  };

  const activate = useCallback((position: number, col: number) => {
    setCursor({ row: position, col });
    scrollRef.current?.focus();
  }, []);
  const startEditAt = useCallback((position: number, col: number, row: GridRow | undefined) => {
    setCursor({ row: position, col });
    if (row) setEditing({ initial: row.cells[col] ?? '', row, col });
  }, []);
  const cellId = (row: number, col: number) => `${id}-r${row}-c${col}`;
  const toggleSort = (column: number) => {
    if (!props.onSortChange) return;
    const current = props.sort?.column === column ? props.sort.direction : undefined;
    props.onSortChange(
      current === undefined
        ? { column, direction: 'asc' }
        : current === 'asc'
          ? { column, direction: 'desc' }
          : undefined,
    );
  };
  const width = cols.getTotalSize();

  return (
    <div
      ref={scrollRef}
      className="data-grid"
      role="grid"
      aria-label={props.label}
      aria-rowcount={count + 1}
      aria-colcount={columns.length + 1}
      aria-activedescendant={count > 0 ? cellId(active.row, active.col) : undefined}
      tabIndex={0}
      onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => onKeyDown(event)}
      data-testid="data-grid"
      data-ready={props.settled && props.rowCount !== null ? 'true' : 'false'}
      data-rows={props.rowCount ?? ''}
      // Short lists get a short grid; long ones scroll inside 60% of the window.
      style={{ height: `min(60vh, ${HEADER_HEIGHT + Math.max(count, 4) * ROW_HEIGHT + 18}px)` }}
    >
      <div className="dg-canvas" style={{ height: HEADER_HEIGHT + rows.canvasHeight, width }}>
        <div className="dg-header" role="row" aria-rowindex={1} style={{ width }}>
          <div className="dg-corner" role="columnheader" style={{ width: ROW_HEADER_WIDTH }}>
            Line
          </div>
          {colItems.map((c) => {
            const column = columns[c.index];
            const sorted = props.sort?.column === c.index ? props.sort.direction : undefined;
            return (
              <div
                key={c.key}
                className="dg-colheader"
                role="columnheader"
                aria-colindex={c.index + 2}
                aria-sort={
                  sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'
                }
                style={{ left: c.start, width: c.size }}
                data-testid={`grid-header-${c.index}`}
              >
                <button
                  type="button"
                  tabIndex={-1}
                  disabled={!props.onSortChange}
                  title={props.onSortChange ? 'Sort by this column' : 'Sorting works once loaded'}
                  onClick={() => toggleSort(c.index)}
                >
                  <span className="dg-collabel">{column?.label}</span>
                  {sorted && <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : ' ▼'}</span>}
                </button>
                <span className="dg-coldetail">{column?.detail}</span>
              </div>
            );
          })}
        </div>
        {rows.positions.map((position) => {
          const row = rowAt(position);
          return (
            <div
              key={position}
              className="dg-row"
              role="row"
              aria-rowindex={position + 2}
              style={{ top: rows.top(position), height: ROW_HEIGHT, width }}
              data-testid="grid-row"
              data-position={position}
              data-line={row?.line}
              data-flags={row?.flags}
              data-invalid={row && row.flags & ROW_INVALID ? 'true' : undefined}
              data-duplicate={row && row.flags & ROW_DUPLICATE ? 'true' : undefined}
              data-dropped={row && row.flags & ROW_DROPPED ? 'true' : undefined}
            >
              <DataGridRowHeader row={row} width={ROW_HEADER_WIDTH} />
              {colItems.map((c) => (
                <DataGridCell
                  key={c.key}
                  id={cellId(position, c.index)}
                  row={row}
                  position={position}
                  col={c.index}
                  left={c.start}
                  width={c.size}
                  active={active.row === position && active.col === c.index}
                  editing={active.row === position && active.col === c.index ? editing : null}
                  onActivate={activate}
                  onStartEdit={startEditAt}
                  // Only the edited cell gets the (per-render) commit callback, so
                  // every other memoised cell skips re-rendering while scrolling.
                  onFinishEdit={
                    active.row === position && active.col === c.index ? finishEdit : ignoreEdit
                  }
                />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
