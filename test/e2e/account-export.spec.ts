import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';

let app: E2eApp;
test.afterEach(async () => app?.close());

test('exporting the active account shows progress and ends with the file', async ({
  page,
}, testInfo) => {
  app = await launchApp(page, { sandbox: { latencyMs: 20 } });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();

  await page.getByTestId('nav-account').click();
  await expect(page.getByRole('heading', { name: 'Account · Sandbox' })).toBeVisible();
  await page.getByTestId('export-start').click();
  const result = page.getByTestId('export-result');
  await expect(result).toContainText('Exported 2,500 prospects');
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-state', 'succeeded');
  await page.screenshot({ path: testInfo.outputPath('account-exported.png'), fullPage: true });

  const path = (await result.locator('code').textContent()) ?? '';
  const csv = await readFile(path, 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^id,email,first_name/);
});
