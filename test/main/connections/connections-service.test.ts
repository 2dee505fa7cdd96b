import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAppUnderTest } from '../../support/app-under-test';
import type { AppUnderTest } from '../../support/app-under-test';

const KEY = 'wp-live-0123456789abcdef-SECRET';
let app: AppUnderTest;
beforeEach(async () => {
  app = await startAppUnderTest();
});
afterEach(async () => app.close());

describe('ConnectionsService', () => {
  it('saves a Woodpecker connection with a masked hint and keeps the key out of config.json', async () => {
    const { connections } = app.services;
    const saved = await connections.save({
      kind: 'woodpecker',
      label: 'Main',
      apiKey: KEY,
      keyStorage: 'keychain',
    });
    expect(saved).toMatchObject({
      kind: 'woodpecker',
      baseUrl: 'https://api.woodpecker.co',
      keyHint: '••••CRET',
      keyState: 'saved',
    });
    expect(await connections.list()).toEqual({
      connections: [saved],
      activeConnectionId: saved.id,
    });
    const config = await readFile(join(app.dataDir, 'config.json'), 'utf8');
    expect(config).toContain('Main');
    expect(config).not.toContain(KEY);
    expect(await connections.credentials({ connectionId: saved.id })).toMatchObject({
      apiKey: KEY,
    });
  });

  it('refuses a connection without a key, a non-https URL, or a kind change', async () => {
    const { connections } = app.services;
    await expect(connections.save({ kind: 'woodpecker', label: 'x' })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(
      connections.save({
        kind: 'leads',
        label: 'x',
        apiKey: KEY,
        keyStorage: 'keychain',
        baseUrl: 'http://leads.example.com',
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    const sandbox = await connections.save({ kind: 'sandbox', label: 'Sandbox' });
    await expect(
      connections.save({
        id: sandbox.id,
        kind: 'woodpecker',
        label: 'x',
        apiKey: KEY,
        keyStorage: 'keychain',
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    expect((await connections.list()).connections).toHaveLength(1);
  });

  it('saves nothing when asked to keep a key in a keychain that does not exist', async () => {
    const locked = await startAppUnderTest({ keyStorage: 'unavailable' });
    try {
      await expect(
        locked.services.connections.save({
          kind: 'woodpecker',
          label: 'Main',
          apiKey: KEY,
          keyStorage: 'keychain',
        }),
      ).rejects.toMatchObject({ code: 'encryption_unavailable' });
      expect((await locked.services.connections.list()).connections).toEqual([]);
      // The Sandbox needs no key, so it still works.
      await locked.services.connections.save({ kind: 'sandbox', label: 'Sandbox' });
      expect((await locked.services.connections.list()).connections).toMatchObject([
        { kind: 'sandbox', keyState: 'not-needed' },
      ]);
    } finally {
      await locked.close();
    }
  });

  it('editing keeps the stored key unless a new one is given; removing forgets it', async () => {
    const { connections } = app.services;
    const saved = await connections.save({
      kind: 'woodpecker',
      label: 'Main',
      apiKey: KEY,
      keyStorage: 'keychain',
    });
    const renamed = await connections.save({ id: saved.id, kind: 'woodpecker', label: 'Renamed' });
    expect(renamed).toMatchObject({
      label: 'Renamed',
      keyHint: saved.keyHint,
      createdAt: saved.createdAt,
    });
    expect(await connections.credentials({ connectionId: saved.id })).toMatchObject({
      apiKey: KEY,
    });
    expect(await connections.remove(saved.id)).toBe(true);
    expect(await connections.list()).toEqual({ connections: [], activeConnectionId: null });
    expect(await readFile(join(app.dataDir, 'secrets.json'), 'utf8')).not.toContain(saved.id);
  });

  it('turns the Sandbox into credentials for the local sandbox, as itself or a client company', async () => {
    const { connections } = app.services;
    const saved = await connections.save({ kind: 'sandbox', label: 'Sandbox' });
    const sandbox = await app.services.sandbox.get();
    expect(await connections.credentials({ connectionId: saved.id })).toMatchObject({
      baseUrl: sandbox.url,
      apiKey: sandbox.keys.woodpecker,
    });
    expect(await connections.credentials({ connectionId: saved.id, companyId: 101 })).toMatchObject(
      {
        apiKey: sandbox.keys.agency,
        companyId: 101,
      },
    );
  });
});
