/**
 * The import as a user sees it: the built renderer in Chromium (the e2e
 * harness: real main-process handlers, the import in its Web Worker), a file
 * chosen in the Lists page, the grid scrolled while it loads. Reports time to
 * first rows, time until loaded, the longest main-thread task (target: none
 * over 50 ms, performance-facts.md "UI budgets") and the page's JS heap.
 * Needs `out/renderer` (`npm run build`).
 */
import { chromium } from '@playwright/test';
import { launchApp } from '../test/e2e/support/harness';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/support/chromium';

export interface ChromiumImportBench {
  rows: string;
  firstRowsMs: number | null;
  loadedMs: number;
  longestTaskMs: number;
  /** When the longest task started, ms after the file was chosen (-1: none). */
  longestTaskAtMs: number;
  longTasks: number;
  heapMb: number;
}

/** The few browser globals used in the page (this file compiles without the DOM lib). */
interface PageGlobals {
  __bench: { long: { start: number; duration: number }[]; t0: number; firstRows?: number };
  performance: { now(): number; memory?: { usedJSHeapSize: number } };
  PerformanceObserver: new (
    callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void,
  ) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  MutationObserver: new (callback: () => void) => {
    observe(node: unknown, options: Record<string, boolean>): void;
    disconnect(): void;
  };
  document: { body: unknown; querySelector(selector: string): unknown };
}

export async function benchChromiumImport(path: string): Promise<ChromiumImportBench> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const app = await launchApp(page);
    try {
      await page.getByTestId('nav-lists').click();
      await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        g.__bench = { long: [], t0: g.performance.now() };
        new g.PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            g.__bench.long.push({
              start: entry.startTime - g.__bench.t0,
              duration: entry.duration,
            });
          }
        }).observe({ type: 'longtask', buffered: false });
        const watcher = new g.MutationObserver(() => {
          if (g.document.querySelector('[data-testid="grid-row"][data-line]')) {
            g.__bench.firstRows = g.performance.now();
            watcher.disconnect();
          }
        });
        watcher.observe(g.document.body, { childList: true, subtree: true, attributes: true });
      });
      await page.getByTestId('file-input').setInputFiles(path);
      await page
        .locator('[data-testid="grid-row"][data-line]')
        .first()
        .waitFor({ timeout: 600_000 });
      // Scroll while it loads, as a user would.
      const grid = page.getByTestId('data-grid');
      for (let i = 0; i < 10; i++) {
        await grid.hover();
        await page.mouse.wheel(0, 3000);
        await page.waitForTimeout(100);
      }
      await page
        .getByTestId('import-view')
        .and(page.locator('[data-state="loaded"]'))
        .waitFor({ timeout: 600_000 });
      const result = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals & typeof globalThis;
        const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
        return {
          firstRowsMs:
            g.__bench.firstRows === undefined ? null : g.__bench.firstRows - g.__bench.t0,
          loadedMs: performance.now() - g.__bench.t0,
          long: g.__bench.long,
          heap: memory?.usedJSHeapSize ?? 0,
        };
      });
      return {
        rows: (await page.getByTestId('count-rows').textContent()) ?? '',
        firstRowsMs: result.firstRowsMs === null ? null : Math.round(result.firstRowsMs),
        loadedMs: Math.round(result.loadedMs),
        ...longest(result.long),
        longTasks: result.long.length,
        heapMb: Math.round(result.heap / (1 << 20)),
      };
    } finally {
      await app.close();
    }
  } finally {
    await browser.close();
  }
}

function longest(tasks: readonly { start: number; duration: number }[]): {
  longestTaskMs: number;
  longestTaskAtMs: number;
} {
  let top: { start: number; duration: number } | undefined;
  for (const task of tasks) if (!top || task.duration > top.duration) top = task;
  return top
    ? { longestTaskMs: Math.round(top.duration), longestTaskAtMs: Math.round(top.start) }
    : { longestTaskMs: 0, longestTaskAtMs: -1 };
}
