import { describe, expect, it } from 'vitest';
import { buildBridge } from '../../../src/shared/ipc/bridge';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../src/shared/ipc/channels';
import { contract } from '../../../src/shared/ipc/contract';

describe('buildBridge', () => {
  it('exposes exactly one named function per channel and nothing generic', async () => {
    const calls: [string, unknown][] = [];
    const bridge = buildBridge(
      INVOKE_CHANNELS,
      EVENT_CHANNELS,
      async (channel, input) => {
        calls.push([channel, input]);
        return { ok: true, value: null };
      },
      () => () => undefined,
    );
    expect(Object.keys(bridge).sort()).toEqual(
      [...Object.keys(INVOKE_CHANNELS), ...Object.keys(EVENT_CHANNELS)].sort(),
    );
    expect(Object.isFrozen(bridge)).toBe(true);
    await (bridge.testConnection as (i: unknown) => Promise<unknown>)({ connectionId: 'c_1' });
    expect(calls).toEqual([['connections:test', { connectionId: 'c_1' }]]);
    expect(bridge).not.toHaveProperty('invoke');
  });

  it('has a schema in the contract for every channel', () => {
    expect(Object.keys(contract).sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });

  it('is self-contained, so the e2e harness can inject its source into a page', () => {
    // eslint-disable-next-line no-new-func -- re-creating the function from its source is the point of this test
    const rebuilt = new Function(`return (${buildBridge.toString()})`)() as typeof buildBridge;
    const bridge = rebuilt(
      { a: 'x:a' },
      {},
      async () => 1,
      () => () => undefined,
    );
    expect(typeof bridge.a).toBe('function');
  });
});
