import type { KeyboardEvent } from 'react';

/** The cell the keyboard acts on: a view position and a column index. */
export interface ActiveCell {
  row: number;
  col: number;
}

export interface GridKeyboardOptions {
  active: ActiveCell;
  rowCount: number;
  colCount: number;
  /** Rows moved by Page Up / Page Down. */
  pageRows: number;
  editing: boolean;
  move(next: ActiveCell): void;
  /** Starts editing the active cell; `initial` replaces its text (a typed character). */
  startEdit(initial?: string): void;
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));

/** Where a navigation key takes the active cell, or null when the key is not ours. */
export function nextCell(
  key: string,
  ctrl: boolean,
  {
    active,
    rowCount,
    colCount,
    pageRows,
  }: Omit<GridKeyboardOptions, 'move' | 'startEdit' | 'editing'>,
): ActiveCell | null {
  const lastRow = Math.max(0, rowCount - 1);
  const lastCol = Math.max(0, colCount - 1);
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(active.row - 1, lastRow), col: active.col };
    case 'ArrowDown':
      return { row: clamp(active.row + 1, lastRow), col: active.col };
    case 'ArrowLeft':
      return { row: active.row, col: clamp(active.col - 1, lastCol) };
    case 'ArrowRight':
      return { row: active.row, col: clamp(active.col + 1, lastCol) };
    case 'PageUp':
      return { row: clamp(active.row - pageRows, lastRow), col: active.col };
    case 'PageDown':
      return { row: clamp(active.row + pageRows, lastRow), col: active.col };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: active.row, col: 0 };
    case 'End':
      return ctrl ? { row: lastRow, col: lastCol } : { row: active.row, col: lastCol };
    default:
      return null;
  }
}

/**
 * Spreadsheet keys for the grid: arrows, Page Up/Down, Home/End (with Ctrl:
 * first/last row), Enter or F2 to edit, or start typing to replace the cell.
 * While a cell is edited its input handles the keys (Enter commits, Escape cancels).
 */
export function useGridKeyboard(options: GridKeyboardOptions) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (options.editing || options.rowCount === 0) return;
    const next = nextCell(event.key, event.ctrlKey || event.metaKey, options);
    if (next) {
      event.preventDefault();
      options.move(next);
      return;
    }
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      options.startEdit();
      return;
    }
    const printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
    if (printable) {
      event.preventDefault();
      options.startEdit(event.key);
    }
  };
}
