import { ListsPage } from '../e2e/pages/lists-page';
import { PROSPECT_LINE, writeProspectsCsv } from './support/prospects-csv';
import { expect, runApp, test } from './support/launch';

// Double-clicking a CSV (or `prospect-desk file.csv`) while the app runs
// starts a second process: it must hand the file to the running instance
// and exit on its own, without ever showing a window.

const EMAIL = 0;

test('opening a CSV while the app runs hands it to the open window, and the second launch just exits', async ({
  launch,
  tempDir,
}, testInfo) => {
  const csv = await writeProspectsCsv(tempDir, 'from-the-file-manager.csv');
  const app = await launch();
  const { electronApp, window } = app;
  let windowsOpened = 0;
  electronApp.on('window', () => windowsOpened++);

  // The same binary, arguments and data folder, plus the file: what the OS runs.
  const second = await runApp({ ...app.command, args: [...app.command.args, csv] }, 15_000);
  expect(second.code, `the second instance's stderr:\n${second.stderr}`).toBe(0);
  expect(second.signal).toBeNull();

  // The running window got the path and imports it on the Lists page.
  const lists = new ListsPage(window);
  await expect(lists.view).toBeVisible();
  await lists.waitLoaded();
  await expect(lists.count('rows')).toHaveText('3');
  await expect(lists.cell(PROSPECT_LINE.grace, EMAIL)).toHaveText('grace@example.com');
  await window.screenshot({ path: testInfo.outputPath('handed-over.png') });

  expect(windowsOpened).toBe(0);
  expect(electronApp.windows()).toHaveLength(1);
  expect(
    await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length),
  ).toBe(1);
});
