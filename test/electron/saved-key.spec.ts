import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import { startSandbox } from '../../src/main/sandbox';
import { ConnectionsPage } from '../e2e/pages/connections-page';
import { expect, listFiles, test } from './support/launch';

// The one place a key is encrypted for real: Electron's safeStorage (Keychain,
// DPAPI, libsecret), across a restart of the app on the same data folder. The
// account is the project's API sandbox, started here on 127.0.0.1.

const LABEL = 'Main account';

/** What main says protects keys here (`app:info` → keyStorage). */
async function keyStorage(window: Page): Promise<unknown> {
  const result = await window.evaluate(() =>
    (
      globalThis as unknown as { prospectDesk: { getAppInfo(): Promise<unknown> } }
    ).prospectDesk.getAppInfo(),
  );
  const answer = result as { ok?: boolean; value?: { keyStorage?: unknown } };
  return answer.ok ? answer.value?.keyStorage : result;
}

test('a saved key survives a restart: safeStorage decrypts it, and it is nowhere in plain text', async ({
  launch,
  tempDir,
}) => {
  const sandbox = await startSandbox({ prospects: 321, companies: [], leads: 0 });
  try {
    const key = sandbox.keys.woodpecker;
    const dataDir = join(tempDir, 'data');

    const first = await launch({ dataDir });
    const storage = await keyStorage(first.window);
    expect(
      storage,
      `safeStorage reports no OS keychain here (${JSON.stringify(storage)}). This spec needs ` +
        'a real one: on Linux an unlocked gnome-keyring on the D-Bus session (the app is ' +
        'launched with --password-store=gnome-libsecret); see .github/workflows/desktop.yml.',
    ).toMatchObject({ kind: 'keychain' });
    test.info().annotations.push({
      type: 'keychain',
      description: String((storage as { name?: unknown }).name),
    });

    let connections = new ConnectionsPage(first.window);
    await connections.open();
    await connections.addWoodpecker(LABEL, sandbox.url, key);
    const saved = connections.card(LABEL);
    const formError = connections.form.getByTestId('connection-form-error');
    await expect(saved.or(formError)).toBeVisible();
    if (await formError.isVisible()) {
      throw new Error(`Saving the connection failed: ${await formError.textContent()}`);
    }
    await expect(saved).toContainText(`key ••••${key.slice(-4)}`);
    // No "session only" / "key needed" badge: the key went to the keychain.
    await expect(saved.getByTestId('connection-key-badge')).toHaveCount(0);
    await expect(await connections.test(LABEL)).toHaveText(/Connected: 321 prospects/);
    await first.close();

    // The same data folder, a new process: the key must be decrypted from disk.
    const second = await launch({ dataDir });
    connections = new ConnectionsPage(second.window);
    await connections.open();
    await expect(connections.card(LABEL).getByTestId('connection-key-badge')).toHaveCount(0);
    await expect(await connections.test(LABEL)).toHaveText(/Connected: 321 prospects/);
    await second.close();

    // Both tests reached this sandbox with the key (any other key answers 401).
    const reads = sandbox.log.filter(
      (entry) => entry.path === '/rest/v1/prospects' && entry.status === 200,
    );
    expect(reads.length).toBeGreaterThanOrEqual(2);

    // Every file of the data folder (settings, secrets.json, Chromium's profile):
    // the key in no encoding a careless write would use.
    const files = await listFiles(dataDir);
    expect(files.map((file) => basename(file))).toContain('secrets.json');
    const needles = [
      Buffer.from(key, 'utf8'),
      Buffer.from(key, 'utf16le'),
      Buffer.from(Buffer.from(key, 'utf8').toString('base64'), 'utf8'),
    ];
    const holding: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file);
      if (needles.some((needle) => bytes.includes(needle))) holding.push(relative(dataDir, file));
    }
    expect(holding, 'files holding the key in plain text').toEqual([]);
  } finally {
    await sandbox.close();
  }
});
