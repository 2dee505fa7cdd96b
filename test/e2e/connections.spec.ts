import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startSandbox } from '../../src/main/sandbox';
import { invokeOk, startAppUnderTest } from '../support/app-under-test';
import { makeTempDir } from '../support/temp-dir';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** No file in the data folder holds the key, in any byte. */
async function expectKeyNowhereOnDisk(dir: string, key: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries.filter((e) => e.isFile())) {
    const bytes = await readFile(join(entry.parentPath, entry.name));
    expect(bytes.includes(Buffer.from(key)), entry.name).toBe(false);
  }
}

test('a new user adds the Sandbox, tests it and sees the prospect count', async ({
  page,
}, testInfo) => {
  app = await launchApp(page);
  const connections = new ConnectionsPage(page);
  await connections.open();
  await expect(page.getByTestId('status-connection')).toHaveText('No connection selected');

  await connections.addSandbox();
  const result = await connections.test('Sandbox');
  await expect(result).toHaveText(/Connected: 2,500 prospects/);
  // The first connection becomes the active one, and the status bar says so.
  await expect(page.getByTestId('status-connection')).toHaveText('Connection: Sandbox');
  await expect(page.getByTestId('status-online')).toContainText('Online');
  await page.screenshot({ path: testInfo.outputPath('sandbox-connected.png'), fullPage: true });
});

test('a Woodpecker key is saved once, shown masked, and never sent back to the page', async ({
  page,
}, testInfo) => {
  app = await launchApp(page);
  const sandbox = await app.services.sandbox.get();
  const key = sandbox.keys.woodpecker;
  const connections = new ConnectionsPage(page);
  await connections.open();

  await connections.addWoodpecker('Main account', sandbox.url, key);
  const card = connections.card('Main account');
  await expect(card).toContainText(`key ••••${key.slice(-4)}`);
  await expect(await connections.test('Main account')).toHaveText(/Connected: 2,500 prospects/);
  await page.screenshot({ path: testInfo.outputPath('woodpecker-connected.png'), fullPage: true });

  // Nothing main returned, nothing in the DOM, contains the key.
  expect(app.responses.length).toBeGreaterThan(2);
  expect(JSON.stringify(app.responses)).not.toContain(key);
  expect(await page.content()).not.toContain(key);
  await expect(connections.form.getByTestId('connection-key')).toHaveValue('');
});

test('a wrong key gets a clear error that says what to do', async ({ page }) => {
  app = await launchApp(page);
  const sandbox = await app.services.sandbox.get();
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addWoodpecker('Typo', sandbox.url, 'not-a-real-key-1234');
  await connections.card('Typo').getByTestId('connection-test').click();
  await expect(connections.card('Typo').getByTestId('connection-test-error')).toContainText(/key/i);
});

test('without a keyring, a rep keeps a Woodpecker key for this session only, by keyboard', async ({
  page,
}, testInfo) => {
  app = await launchApp(page, { keyStorage: 'no-keyring' });
  const sandbox = await app.services.sandbox.get();
  const key = sandbox.keys.woodpecker;
  const connections = new ConnectionsPage(page);
  await connections.open();
  const { form } = connections;

  // Kind: from the Sandbox radio, the arrow key picks the next kind.
  await form.getByLabel(/^Sandbox/).focus();
  await page.keyboard.press('ArrowDown');
  await expect(form.getByLabel('Woodpecker account')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(form.getByTestId('connection-label')).toBeFocused();
  await page.keyboard.type('Main account');
  await page.keyboard.press('Tab');
  await page.keyboard.type(sandbox.url);
  await page.keyboard.press('Tab');
  await expect(form.getByTestId('connection-key')).toBeFocused();
  await page.keyboard.type(key);

  // The form says why, in words, and the choice is the user's: nothing is ticked for them.
  await expect(connections.keyNotice).toContainText(
    "This computer has no keyring (no GNOME Keyring or KWallet found on sway), so Prospect Desk cannot store API keys safely. You can keep this key until you quit the app; you'll enter it again next time.",
  );
  await expect(connections.sessionOnly).not.toBeChecked();
  const save = form.getByTestId('connection-save');
  await expect(save).toHaveText('Save connection');

  // Enter without choosing: nothing is saved, and focus goes to the choice.
  await page.keyboard.press('Enter');
  await expect(form.getByTestId('connection-form-error')).toContainText(
    'This computer cannot save API keys. Tick “Keep this key until I quit Prospect Desk',
  );
  await expect(connections.sessionOnly).toBeFocused();
  await expect(page.getByTestId('connections-list')).toHaveCount(0);

  await page.keyboard.press('Space');
  await expect(connections.sessionOnly).toBeChecked();
  await expect(save).toHaveText('Save connection · keep key until I quit');
  await expect(form.getByTestId('connection-form-error')).toHaveCount(0);

  // The hint on --password-store opens from the keyboard too.
  await page.keyboard.press('Tab');
  const helpToggle = form.getByTestId('keyring-help-toggle');
  await expect(helpToggle).toBeFocused();
  await expect(form.getByTestId('keyring-help')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(helpToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(form.getByTestId('keyring-help')).toContainText(
    'prospect-desk --password-store=gnome-libsecret',
  );
  await page.screenshot({ path: testInfo.outputPath('no-keyring-form.png'), fullPage: true });

  await page.keyboard.press('Tab');
  await expect(save).toBeFocused();
  await page.keyboard.press('Enter');

  const card = connections.card('Main account');
  await expect(card.getByTestId('connection-key-badge')).toHaveText('key for this session only');
  await expect(card.getByTestId('connection-key-state')).toHaveText(
    "Key for this session only: you'll enter it again after you quit Prospect Desk.",
  );
  await expect(card).toContainText(`key ••••${key.slice(-4)}`);
  // The next key is a choice of its own.
  await expect(connections.sessionOnly).not.toBeChecked();

  await card.getByTestId('connection-test').focus();
  await page.keyboard.press('Enter');
  await expect(card.getByTestId('connection-test-result')).toHaveText(/Connected: 2,500 prospects/);
  await page.screenshot({ path: testInfo.outputPath('session-key-card.png'), fullPage: true });

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('key-storage')).toHaveText(
    'No keyring: keys are kept only until you quit',
  );

  // Never on disk (no secrets.json at all), never sent to the page.
  expect(app.cipher.encryptCalls).toBe(0);
  await expectKeyNowhereOnDisk(app.dataDir, key);
  expect(JSON.stringify(app.responses)).not.toContain(key);
  expect(await page.content()).not.toContain(key);
});

test('after a restart the session-only key is gone: the card says so, and it can be entered again', async ({
  page,
}) => {
  const api = await startSandbox({ prospects: 120 });
  const { dir, cleanup } = await makeTempDir();
  try {
    // The first run: a key kept for the session only, then the app quits.
    const first = await startAppUnderTest({ keyStorage: 'no-keyring', dataDir: dir });
    await invokeOk(first, 'connections:save', {
      kind: 'woodpecker',
      label: 'Main account',
      baseUrl: api.url,
      apiKey: api.keys.woodpecker,
      keyStorage: 'session',
    });
    await first.close();

    app = await launchApp(page, { keyStorage: 'no-keyring', dataDir: dir });
    const connections = new ConnectionsPage(page);
    await connections.open();
    const card = connections.card('Main account');
    await expect(card.getByTestId('connection-key-badge')).toHaveText('key needed');
    await expect(card.getByTestId('connection-key-state')).toHaveText(
      'Key not saved: enter it again to use this connection.',
    );
    await card.getByTestId('connection-test').click();
    await expect(card.getByTestId('connection-test-error')).toHaveText(
      'Key not saved for "Main account" (it was kept only until the app quit): enter it again on the Connections page to use this connection.',
    );

    await card.getByTestId('connection-enter-key').click();
    const keyForm = card.getByTestId('connection-key-form');
    await expect(keyForm.getByTestId('connection-key')).toBeFocused();
    await page.keyboard.type(api.keys.woodpecker);
    await keyForm.getByTestId('connection-key-session').check();
    await expect(keyForm.getByTestId('connection-key-save')).toHaveText(
      'Save key · keep key until I quit',
    );
    await keyForm.getByTestId('connection-key-save').click();

    await expect(card.getByTestId('connection-key-badge')).toHaveText('key for this session only');
    await expect(await connections.test('Main account')).toHaveText(/Connected: 120 prospects/);
    expect(JSON.stringify(app.responses)).not.toContain(api.keys.woodpecker);
    await expectKeyNowhereOnDisk(dir, api.keys.woodpecker);
  } finally {
    await app?.close();
    app = undefined;
    await api.close();
    await cleanup();
  }
});
