import { expect, test } from '@playwright/test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';

let app: E2eApp;
test.afterEach(async () => app?.close());

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
