import { useCallback, useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

/**
 * Browsers cap an element's height (Chromium ~33.5M px; a million 28 px rows
 * is 28M): past this the canvas stays this tall and scrolling maps onto rows
 * proportionally.
 */
const MAX_CANVAS_PX = 8_000_000;

export interface RowWindow {
  /** Height of the scrollable canvas below the header. */
  canvasHeight: number;
  /** Row positions to render (visible plus overscan), ascending. */
  positions: number[];
  /** Top offset (px, in canvas coordinates) of the row at `position`. */
  top(position: number): number;
  /** Scrolls just enough to show the row (below the sticky header). */
  scrollToRow(position: number): void;
  /** Rows that fit in the viewport (for Page Up / Page Down). */
  pageRows: number;
}

/**
 * Vertical windowing for fixed-height rows, in O(1) per render.
 *
 * react-virtual (used for the columns) recomputes a measurement for every row
 * whenever the row count changes; with a million rows that is a 60–85 ms task
 * on each refresh while a file loads (measured: docs in the import report).
 * With one fixed row height the visible range is arithmetic.
 */
export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  headerHeight: number,
  overscan: number,
): RowWindow {
  const [scroll, setScroll] = useState({ top: 0, height: 400 });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const read = () => setScroll({ top: element.scrollTop, height: element.clientHeight });
    // No read here: reading sizes in a layout effect forces a synchronous
    // layout of everything just rendered (the whole import view on its first
    // rows: a 30–50 ms task). The observer's first call comes after the
    // browser's own layout, before the frame is painted.
    element.addEventListener('scroll', read, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      observer.disconnect();
    };
  }, [scrollRef]);

  const viewport = Math.max(0, scroll.height - headerHeight);
  const content = count * rowHeight;
  const canvasHeight = Math.min(content, MAX_CANVAS_PX);
  const scaled = content > canvasHeight;
  // Scaled: the fraction scrolled picks the first row; rows are drawn from there.
  const scrollRange = Math.max(1, canvasHeight - viewport);
  const rowRange = Math.max(0, content - viewport);
  const virtualTop = scaled
    ? (Math.min(scroll.top, scrollRange) / scrollRange) * rowRange
    : scroll.top;

  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.floor((virtualTop + viewport) / rowHeight) + overscan);
  const positions: number[] = [];
  for (let p = first; p <= last; p++) positions.push(p);

  const top = (position: number) =>
    headerHeight + (scaled ? scroll.top + position * rowHeight - virtualTop : position * rowHeight);

  const scrollToRow = useCallback(
    (position: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const rowTop = position * rowHeight;
      const current = scaled ? virtualTop : element.scrollTop;
      let target = current;
      if (rowTop < current) target = rowTop;
      else if (rowTop + rowHeight > current + viewport) target = rowTop + rowHeight - viewport;
      if (target === current) return;
      element.scrollTop = scaled ? (target / Math.max(1, rowRange)) * scrollRange : target;
    },
    [scrollRef, rowHeight, scaled, virtualTop, viewport, rowRange, scrollRange],
  );

  return {
    canvasHeight,
    positions,
    top,
    scrollToRow,
    pageRows: Math.max(1, Math.floor(viewport / rowHeight) - 1),
  };
}
