import { memo, useRef, useState } from 'react';
import type { GridRow } from '../../../shared/import/session-types';
import {
  ROW_DROPPED,
  ROW_DUPLICATE,
  ROW_EDITED,
  ROW_INVALID,
} from '../../../shared/import/session-types';

/**
 * One data cell: its value, its validation error (tooltip + aria-description),
 * or the editor. Memoised: while scrolling only cells whose row changed render.
 */
export const DataGridCell = memo(function DataGridCell(props: {
  id: string;
  row: GridRow | undefined;
  position: number;
  col: number;
  left: number;
  width: number;
  active: boolean;
  editing: { initial: string } | null;
  onActivate(position: number, col: number): void;
  onStartEdit(position: number, col: number, row: GridRow | undefined): void;
  onFinishEdit(value: string | null): void;
}) {
  const { row, col } = props;
  const value = row?.cells[col] ?? '';
  const errors = row?.errors.filter((e) => e.columnIndex === col) ?? [];
  const message = errors.map((e) => e.message).join('; ');
  const className = [
    'dg-cell',
    props.active && 'dg-active',
    errors.length > 0 && 'dg-error',
    row === undefined && 'dg-pending',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={props.id}
      className={className}
      role="gridcell"
      aria-colindex={col + 2}
      aria-selected={props.active}
      aria-invalid={errors.length > 0 ? true : undefined}
      aria-description={message || undefined}
      title={message || value || undefined}
      style={{ left: props.left, width: props.width }}
      onMouseDown={() => props.onActivate(props.position, col)}
      onDoubleClick={() => props.onStartEdit(props.position, col, row)}
      data-col={col}
      data-error={message || undefined}
    >
      {props.editing ? (
        <CellEditor initial={props.editing.initial} onFinish={props.onFinishEdit} />
      ) : (
        value
      )}
    </div>
  );
});

/** The text input of a cell being edited: Enter commits, Escape cancels, leaving commits. */
function CellEditor({
  initial,
  onFinish,
}: {
  initial: string;
  onFinish(value: string | null): void;
}) {
  const [value, setValue] = useState(initial);
  // Enter moves focus back to the grid, which blurs the input: report once.
  const finished = useRef(false);
  const finish = (result: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onFinish(result);
  };
  return (
    <input
      className="dg-editor"
      aria-label="Edit cell"
      autoFocus
      value={value}
      onChange={(event) => setValue(event.target.value)}
      onMouseDown={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') {
          event.preventDefault();
          finish(value);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          finish(null);
        }
      }}
      onBlur={() => finish(value)}
      data-testid="cell-editor"
    />
  );
}

/** The sticky first column: source line, and flags (invalid, duplicate, removed, edited). */
export const DataGridRowHeader = memo(function DataGridRowHeader({
  row,
  width,
}: {
  row: GridRow | undefined;
  width: number;
}) {
  const flags = row?.flags ?? 0;
  const rowErrors = row?.errors.filter((e) => e.columnIndex === -1) ?? [];
  const rowMessage = rowErrors.map((e) => e.message).join('; ');
  return (
    <div
      className="dg-rowheader"
      role="rowheader"
      aria-colindex={1}
      style={{ width }}
      title={rowMessage || undefined}
      aria-description={rowMessage || undefined}
    >
      <span className="dg-line">{row?.line ?? '…'}</span>
      {flags & ROW_INVALID ? (
        <span className="dg-flag invalid" title="This row has errors" data-testid="flag-invalid">
          !
        </span>
      ) : null}
      {flags & ROW_DUPLICATE ? (
        <span
          className="dg-flag duplicate"
          title="Same email as another row"
          data-testid="flag-duplicate"
        >
          dup
        </span>
      ) : null}
      {flags & ROW_DROPPED ? (
        <span
          className="dg-flag dropped"
          title="Removed when duplicates were resolved (left out of valid-rows exports)"
          data-testid="flag-dropped"
        >
          removed
        </span>
      ) : null}
      {flags & ROW_EDITED ? (
        <span className="dg-flag edited" title="Edited by you" data-testid="flag-edited">
          ✎
        </span>
      ) : null}
    </div>
  );
});
