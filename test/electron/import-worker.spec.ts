import { ListsPage } from '../e2e/pages/lists-page';
import { PROSPECT_LINE, writeProspectsCsv } from './support/prospects-csv';
import { expect, test } from './support/launch';

// The import runs in a module Worker that the page starts from its own
// app:// origin; in Electron that script comes through the app's protocol
// handler, under the policy of its own response.

const ASSETS = 'app://renderer/assets/';
const EMAIL = 0;
const COMPANY = 3;

test('choosing a CSV starts the import Worker from app://renderer/assets/ and fills the grid', async ({
  launch,
  tempDir,
}, testInfo) => {
  const csv = await writeProspectsCsv(tempDir);
  const { window } = await launch();
  const lists = new ListsPage(window);
  await lists.open();
  expect(window.workers().filter((worker) => worker.url().startsWith(ASSETS))).toEqual([]);

  const started = window.waitForEvent('worker', {
    predicate: (worker) => worker.url().startsWith(ASSETS),
  });
  await window.getByTestId('file-input').setInputFiles(csv);
  const worker = await started;
  expect(worker.url()).toMatch(/^app:\/\/renderer\/assets\/[^/]+\.js$/);
  // nodeIntegrationInWorker stays off: the worker has no Node either.
  expect(await worker.evaluate(() => [typeof require, typeof process])).toEqual([
    'undefined',
    'undefined',
  ]);

  await lists.waitLoaded();
  await expect(lists.count('rows')).toHaveText('3');
  await expect(lists.count('valid')).toHaveText('3');
  await expect(lists.count('invalid')).toHaveText('0');
  await expect(lists.cell(PROSPECT_LINE.ada, EMAIL)).toHaveText('ada@example.com');
  await expect(lists.cell(PROSPECT_LINE.linus, COMPANY)).toHaveText('Kernel Works');
  expect(window.workers().map((running) => running.url())).toContain(worker.url());
  await window.screenshot({ path: testInfo.outputPath('imported.png') });
});
