import { expect, test } from '@playwright/test';
import { createServer } from 'vite';
import type { InlineConfig, ViteDevServer } from 'vite';
import config from '../../electron.vite.config';
import { devRendererCsp } from '../../src/shared/content-security-policy';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';

// `npm run dev` is electron-vite's Electron main plus the renderer's Vite dev server. The
// part that broke (an unstyled page, no hot reload: the dev policy edit missed the real
// <meta> tag) is the renderer's, and it runs here: the same renderer config
// (electron.vite.config.ts) served by Vite's dev server, in Chromium.

let server: ViteDevServer | undefined;
let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  await server?.close();
  app = undefined;
  server = undefined;
});

test('the dev page is styled, hot reload connects, and the dev policy blocks nothing it needs', async ({
  page,
}) => {
  const renderer = (config as { renderer: InlineConfig }).renderer;
  server = await createServer({
    ...renderer,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, hmr: { host: '127.0.0.1' } },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  expect(url, 'the dev server listens').toBeTruthy();

  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  const hotReload = page.waitForEvent('console', (message) =>
    message.text().includes('[vite] connected'),
  );
  app = await launchApp(page, { pageUrl: `${url}index.html` });
  await hotReload;

  // The stylesheet Vite injects as an inline <style> applies.
  await expect(page.locator('.shell')).toHaveCSS('display', 'grid');
  expect(
    await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
  ).toBe(devRendererCsp());
  expect(refused).toEqual([]);
});
