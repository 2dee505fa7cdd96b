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

test('Settings saves how long jobs wait out a busy service, and refuses a bad value', async ({
  page,
}, testInfo) => {
  app = await launchApp(page);
  await page.keyboard.press('Alt+5');
  const form = page.getByTestId('busy-wait-form');
  await expect(form).toHaveAttribute('data-ready', 'true');
  const minutes = page.getByTestId('busy-wait-minutes');
  await expect(minutes).toHaveValue('10');

  await minutes.fill('0');
  await page.getByTestId('busy-wait-save').click();
  await expect(page.getByTestId('busy-wait-error')).toHaveText('Wait at least 1 minute.');
  expect(await app.services.router.invoke('settings:get', undefined)).toEqual({
    ok: true,
    value: { maxBusyWaitMinutes: 10 },
  });

  await minutes.fill('30');
  await page.getByTestId('busy-wait-save').click();
  await expect(page.getByTestId('busy-wait-saved')).toBeVisible();
  await expect(page.getByTestId('busy-wait-error')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('settings-busy-wait.png'), fullPage: true });
  expect(await app.services.router.invoke('settings:get', undefined)).toEqual({
    ok: true,
    value: { maxBusyWaitMinutes: 30 },
  });
});
