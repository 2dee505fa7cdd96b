import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../src/shared/ipc/channels';
import { expect, test } from './support/launch';

// The page as Electron really builds it: the app:// origin, the sandboxed
// preload's bridge, and nothing of Node. The contract is read from
// src/shared/ipc/channels.ts, so a channel added there must reach the page.

interface PageGlobals {
  location: { origin: string };
  isSecureContext: boolean;
  prospectDesk?: Record<string, unknown>;
}

test('the window opens the built app from its own app:// origin', async ({ launch }) => {
  const { window } = await launch();
  expect(window.url()).toBe('app://renderer/index.html');
  const origin = await window.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    return { origin: page.location.origin, secure: page.isSecureContext };
  });
  expect(origin).toEqual({ origin: 'app://renderer', secure: true });
});

test('the page gets exactly the contract’s named functions, and no Node', async ({ launch }) => {
  const { window } = await launch();
  const bridge = await window.evaluate(() => {
    const api = (globalThis as unknown as PageGlobals).prospectDesk;
    if (api === undefined) return null;
    return Object.fromEntries(Object.keys(api).map((name) => [name, typeof api[name]]));
  });
  const contract = [...Object.keys(INVOKE_CHANNELS), ...Object.keys(EVENT_CHANNELS)];
  expect(bridge, 'window.prospectDesk is missing: the preload did not run').not.toBeNull();
  expect(Object.keys(bridge ?? {}).sort()).toEqual([...contract].sort());
  expect(bridge).toEqual(Object.fromEntries(contract.map((name) => [name, 'function'])));

  const nodeGlobals = await window.evaluate(() => ({
    require: typeof require,
    process: typeof process,
    module: typeof module,
    Buffer: typeof Buffer,
    global: typeof global,
  }));
  expect(nodeGlobals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    global: 'undefined',
  });
});

test('page code can neither replace window.prospectDesk nor change its functions', async ({
  launch,
}) => {
  const { window } = await launch();
  const outcome = await window.evaluate(() => {
    const page = globalThis as unknown as { prospectDesk: Record<string, unknown> };
    const bridge = page.prospectDesk;
    const [method = ''] = Object.keys(bridge);
    const original = bridge[method];
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'prospectDesk');
    const attempts: (() => unknown)[] = [
      () => (page.prospectDesk = {}),
      () => delete (page as { prospectDesk?: unknown }).prospectDesk,
      () => Object.defineProperty(globalThis, 'prospectDesk', { value: {} }),
      () => (bridge[method] = () => 'replaced'),
      () => (bridge.injected = () => 'added'),
      () => delete bridge[method],
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch {
        // A TypeError is the expected answer in strict code; sloppy code fails silently.
      }
    }
    return {
      frozen: Object.isFrozen(bridge),
      writable: descriptor?.writable,
      configurable: descriptor?.configurable,
      sameBridge: page.prospectDesk === bridge,
      sameFunction: bridge[method] === original,
      injected: 'injected' in bridge,
    };
  });
  expect(outcome).toEqual({
    frozen: true,
    writable: false,
    configurable: false,
    sameBridge: true,
    sameFunction: true,
    injected: false,
  });
});
