import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';

let app: E2eApp;
test.afterEach(async () => app?.close());

test('Settings shows where data and the error log live, and shows the log in its folder', async ({
  page,
}) => {
  app = await launchApp(page);
  await page.keyboard.press('Alt+5');
  const facts = page.getByTestId('app-info');
  await expect(facts).toContainText(app.dataDir);
  const logFile = join(app.dataDir, 'logs', 'main.log');
  await expect(facts).toContainText(logFile);

  await page.getByTestId('reveal-log').click();
  await expect.poll(() => app.revealed).toEqual([logFile]);
  await expect(page.getByTestId('log-missing')).toHaveCount(0);
});
