import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { buildBridge } from '../../../src/shared/ipc/bridge';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../src/shared/ipc/channels';
import type { EventChannel } from '../../../src/shared/ipc/channels';
import type { EventPayload } from '../../../src/shared/ipc/contract';
import type { SandboxOptions } from '../../../src/main/sandbox/types';
import { startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';
import type { TestKeyStorage } from '../../support/test-cipher';
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
  options: {
    sandbox?: SandboxOptions;
    keyStorage?: TestKeyStorage;
    /** An existing data folder, kept after close(): a restart of the app on it. */
    dataDir?: string;
    /** Runs once main is up, before the page loads (e.g. a file opened at launch). */
    beforeLoad?: (app: AppUnderTest) => void | Promise<void>;
    /** Another page instead of the built renderer: the Vite dev server's (dev-server.spec.ts). */
    pageUrl?: string;
  } = {},
): Promise<E2eApp> {
  const { beforeLoad, pageUrl, ...appOptions } = options;
  const server = pageUrl ? undefined : await serveDirectory(resolve('out/renderer'));
  const responses: unknown[] = [];
  const emit = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => {
    page
      .evaluate(
        ([channel, payload]) =>
          (globalThis as unknown as WithEmit).__prospectDeskEmit(channel, payload),
        [channel, payload] as const,
      )
      .catch(() => undefined); // the page may be closing, or not loaded yet
  };
  const app = await startAppUnderTest({
    ...appOptions,
    onProgress: (progress) => emit(EVENT_CHANNELS.onJobProgress, progress),
    onFileOpened: (event) => emit(EVENT_CHANNELS.onFileOpened, event),
  });

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
  await beforeLoad?.(app);
  await page.goto(pageUrl ?? `${server?.url}/index.html`);
  await page.locator('[data-testid="app"][data-ready="true"]').waitFor();

  return {
    ...app,
    responses,
    async close() {
      await app.close();
      await server?.close();
    },
  };
}

interface WithEmit {
  __prospectDeskEmit(channel: string, payload: unknown): void;
}
