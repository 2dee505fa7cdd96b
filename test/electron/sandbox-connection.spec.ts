import { ConnectionsPage } from '../e2e/pages/connections-page';
import { expect, test } from './support/launch';

// The built-in Sandbox through the whole real stack: page → preload → IPC →
// main's services → the sandbox server main starts on 127.0.0.1.

test('a new user adds the built-in Sandbox, tests it and sees 2,500 prospects', async ({
  launch,
}, testInfo) => {
  const { window } = await launch();
  const connections = new ConnectionsPage(window);
  await connections.open();
  await expect(window.getByTestId('status-connection')).toHaveText('No connection selected');

  await connections.addSandbox();
  await expect(await connections.test('Sandbox')).toHaveText(/Connected: 2,500 prospects/);
  await expect(window.getByTestId('status-connection')).toHaveText('Connection: Sandbox');
  await window.screenshot({ path: testInfo.outputPath('sandbox-connected.png') });
});
