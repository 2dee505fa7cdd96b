/**
 * Builds the object the preload exposes as `window.prospectDesk`: one named
 * function per channel, nothing generic.
 *
 * Self-contained (no imports, no closures over module scope) because the e2e
 * harness injects `buildBridge.toString()` into the page to wire the same
 * bridge to the real main-process handlers over `page.exposeBinding`.
 */
export function buildBridge(
  invokeChannels: Record<string, string>,
  eventChannels: Record<string, string>,
  invoke: (channel: string, input: unknown) => Promise<unknown>,
  subscribe: (channel: string, listener: (payload: unknown) => void) => () => void,
): Record<string, unknown> {
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(invokeChannels)) {
    const channel = invokeChannels[method] as string;
    api[method] = (input?: unknown) => invoke(channel, input);
  }
  for (const method of Object.keys(eventChannels)) {
    const channel = eventChannels[method] as string;
    api[method] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return subscribe(channel, listener);
    };
  }
  return Object.freeze(api);
}
