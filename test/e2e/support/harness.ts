import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { buildBridge } from '../../../src/shared/ipc/bridge';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../src/shared/ipc/channels';
import type { JobProgress } from '../../../src/shared/jobs';
import type { SandboxOptions } from '../../../src/main/sandbox/types';
import { startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';
import { serveDirectory } from './static-server';

export interface E2eApp extends AppUnderTest {
  /** Every value main returned to the page, to prove no key ever reaches it. */
  responses: unknown[];
}

/**
 * Runs the built renderer in Chromium with the preload's bridge wired to
 * main's real IPC router in this process: the same `buildBridge` the preload
 * uses, with `page.exposeBinding` standing in for ipcRenderer.invoke and
 * `page.evaluate` for webContents.send. Only Electron's own glue is left out.
 */
export async function launchApp(
  page: Page,
  options: { sandbox?: SandboxOptions } = {},
): Promise<E2eApp> {
  const server = await serveDirectory(resolve('out/renderer'));
  const responses: unknown[] = [];
  const emit = (progress: JobProgress) => {
    page
      .evaluate(
        ([channel, payload]) =>
          (globalThis as unknown as WithEmit).__prospectDeskEmit(channel, payload),
        [EVENT_CHANNELS.onJobProgress, progress] as const,
      )
      .catch(() => undefined); // the page may be closing
  };
  const app = await startAppUnderTest({ ...options, onProgress: emit });

  await page.exposeBinding(
    '__prospectDeskInvoke',
    async (_source, channel: string, input: unknown) => {
      const result = await app.services.router.invoke(channel, input);
      responses.push(result);
      return result;
    },
  );
  await page.addInitScript(
    `(() => {
      const listeners = new Map();
      window.__prospectDeskEmit = (channel, payload) => {
        for (const listener of listeners.get(channel) ?? []) listener(payload);
      };
      const buildBridge = ${buildBridge.toString()};
      const bridge = buildBridge(
        ${JSON.stringify(INVOKE_CHANNELS)},
        ${JSON.stringify(EVENT_CHANNELS)},
        (channel, input) => window.__prospectDeskInvoke(channel, input),
        (channel, listener) => {
          const set = listeners.get(channel) ?? new Set();
          set.add(listener);
          listeners.set(channel, set);
          return () => set.delete(listener);
        },
      );
      Object.defineProperty(window, 'prospectDesk', { value: bridge, writable: false, configurable: false });
    })();`,
  );
  await page.goto(`${server.url}/index.html`);
  await page.locator('[data-testid="app"][data-ready="true"]').waitFor();

  return {
    ...app,
    responses,
    async close() {
      await app.close();
      await server.close();
    },
  };
}

interface WithEmit {
  __prospectDeskEmit(channel: string, payload: unknown): void;
}
