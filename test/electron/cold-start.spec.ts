import { expect, test } from './support/launch';

// How long a user waits from launching the app until it can be used. Numbers
// only, for the report: CI machines vary too much to assert on time.

/** The Performance API as the page has it (tsconfig.node has no DOM lib, on purpose). */
interface PageTiming {
  performance: {
    timeOrigin: number;
    getEntriesByType(type: 'navigation'): { domContentLoadedEventEnd: number }[];
    getEntriesByName(name: 'first-contentful-paint'): { startTime: number }[];
  };
}

test('cold start: launch to first window, DOMContentLoaded, first paint and ready', async ({
  launch,
}, testInfo) => {
  // No trace: recording screencast frames during the load would be measured too.
  const { window, timings } = await launch({ trace: false });

  const page = await window.evaluate(() => {
    const { performance } = globalThis as unknown as PageTiming;
    const [navigation] = performance.getEntriesByType('navigation');
    return {
      timeOrigin: performance.timeOrigin,
      domContentLoaded: navigation?.domContentLoadedEventEnd ?? null,
    };
  });
  // First paint may be reported a frame after ready; a page that never paints reports none.
  const firstPaint = await window
    .waitForFunction(
      () => {
        const { performance } = globalThis as unknown as PageTiming;
        return performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      },
      undefined,
      { polling: 100, timeout: 10_000 },
    )
    .then((handle) => handle.jsonValue())
    .catch(() => null);

  // The page's clock counts from its navigation start (timeOrigin, epoch ms).
  const sinceLaunch = (pageMs: number | null) =>
    pageMs === null ? null : Math.round(page.timeOrigin + pageMs - timings.startedAt);
  const measured: [string, number | null][] = [
    ['launch → Playwright connected', timings.launchedMs],
    ['launch → first window', timings.firstWindowMs],
    ['launch → DOMContentLoaded', sinceLaunch(page.domContentLoaded)],
    ['launch → first contentful paint', sinceLaunch(firstPaint)],
    ['launch → ready signal', timings.readyMs],
  ];
  for (const [what, ms] of measured) {
    testInfo.annotations.push({ type: `${what} (ms)`, description: ms === null ? 'n/a' : `${ms}` });
  }
  const target = process.env.PROSPECT_DESK_EXECUTABLE ? 'packaged' : 'dev';
  console.log(
    `cold start (${target}, ${process.platform}): ` +
      measured.map(([what, ms]) => `${what} ${ms ?? 'n/a'} ms`).join('; '),
  );

  expect(page.domContentLoaded, 'the navigation entry exists').not.toBeNull();
});
