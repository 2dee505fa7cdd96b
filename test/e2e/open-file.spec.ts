import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { OpenedFileEntry } from '../../src/shared/opened-files';
import type { Result } from '../../src/shared/result';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ListsPage } from './pages/lists-page';
import { LINE, messyFile } from './fixtures/messy-prospects';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

const EMAIL = 0;
const KOMMENTAR = 5;

/** A small clean export, to tell two opened files apart. */
const CLEAN_CSV = [
  'email,first_name,company',
  'lena@example.com,Lena,Nord AG',
  'omar@example.com,Omar,Süd GmbH',
  'pia@example.com,Pia,West KG',
].join('\n');

/** The tokens main gave the page for opened files (from its `files:take-opened` answers). */
function tokensTaken(opened: E2eApp): string[] {
  return opened.responses.flatMap((response) => {
    const value = (response as Result<{ files?: OpenedFileEntry[] }>).ok
      ? (response as { value: { files?: OpenedFileEntry[] } }).value
      : null;
    return (value?.files ?? []).flatMap((entry) => (entry.kind === 'file' ? [entry.token] : []));
  });
}

async function expectReleased(opened: E2eApp, token: string): Promise<void> {
  await expect
    .poll(async () => {
      const result = await opened.services.router.invoke('files:read-chunk', {
        token,
        offset: 0,
        length: 1,
      });
      return result.ok ? 'readable' : result.error.code;
    })
    .toBe('not_found');
}

test('a CSV opened with the app at launch is imported on the Lists page', async ({
  page,
}, testInfo) => {
  let path = '';
  app = await launchApp(page, {
    // As when the app is started by double-clicking the file: main has it
    // before the page has loaded.
    beforeLoad: async (started) => {
      path = join(started.dataDir, 'CRM Export.csv');
      await writeFile(path, messyFile());
      started.services.openFiles([path]);
    },
  });
  const lists = new ListsPage(page);

  await expect(page.getByTestId('nav-lists')).toHaveAttribute('aria-current', 'page');
  await lists.waitLoaded();
  await expect(page.locator('#import-title')).toHaveText('CRM Export');
  // Read exactly as a dropped file: encoding, delimiter and preamble detected.
  await expect(lists.detection.getByTestId('detect-encoding')).toHaveValue('windows-1252');
  await expect(lists.detection.getByTestId('detect-delimiter')).toHaveValue(';');
  await expect(lists.detection.getByTestId('detect-header-row')).toHaveValue('3');
  await expect(lists.count('rows')).toHaveText('7');
  await expect(lists.count('duplicates')).toHaveText('1');
  await expect(lists.cell(LINE.eve, EMAIL)).toHaveText('eve@example.com');
  await expect(lists.cell(LINE.anna, KOMMENTAR)).toHaveText('Grüße aus Köln, 5 € Rabatt');
  await page.screenshot({ path: testInfo.outputPath('1-opened-at-launch.png'), fullPage: true });

  // The page let go of the file once it had it.
  const [token] = tokensTaken(app);
  expect(token).toBeDefined();
  await expectReleased(app, token!);
});

test('files opened while the app runs: a refusal is explained, a CSV replaces the open list only when confirmed', async ({
  page,
}, testInfo) => {
  app = await launchApp(page);
  const opened = app;
  const lists = new ListsPage(page);
  await expect(page.getByTestId('nav-connections')).toHaveAttribute('aria-current', 'page');

  // Not a spreadsheet: the Lists page comes up and says why nothing opened.
  const pdf = join(opened.dataDir, 'report.pdf');
  await writeFile(pdf, '%PDF-1.7\n');
  opened.services.openFiles([pdf]);
  await expect(page.getByTestId('nav-lists')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('opened-file-error')).toHaveText(
    'Prospect Desk can only open .csv, .tsv and .txt spreadsheets: report.pdf',
  );
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('2-refused.png'), fullPage: true });
  await page.getByTestId('opened-file-dismiss').click();
  await expect(page.getByTestId('opened-file-error')).toHaveCount(0);

  // From another page, a CSV: Lists again, imported.
  await page.getByTestId('nav-history').click();
  const messy = join(opened.dataDir, 'crm-export.csv');
  await writeFile(messy, messyFile());
  opened.services.openFiles([messy]);
  await expect(page.getByTestId('nav-lists')).toHaveAttribute('aria-current', 'page');
  await lists.waitLoaded();
  await expect(lists.count('rows')).toHaveText('7');

  // The imported list is not saved: another file asks before replacing it.
  const clean = join(opened.dataDir, 'Clean Leads.CSV');
  await writeFile(clean, CLEAN_CSV);
  opened.services.openFiles([clean]);
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('Discard unsaved changes?');
  await expect(dialog).toContainText('“Clean Leads.CSV” was opened with Prospect Desk.');
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await page.getByTestId('confirm-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(lists.count('rows')).toHaveText('7');
  await expect(page.locator('#import-title')).toHaveText('crm-export');
  // Declined: main no longer serves that file to the page.
  const declined = tokensTaken(opened).at(-1)!;
  await expectReleased(opened, declined);

  // Opened again and confirmed: the new file replaces the list.
  opened.services.openFiles([clean]);
  await page.getByTestId('confirm-ok').click();
  await lists.waitLoaded();
  await expect(page.locator('#import-title')).toHaveText('Clean Leads');
  await expect(lists.count('rows')).toHaveText('3');
  await expect(lists.cell(3, EMAIL)).toHaveText('omar@example.com');
  await expect(lists.cell(3, 2)).toHaveText('Süd GmbH');
  await page.screenshot({ path: testInfo.outputPath('3-replaced.png'), fullPage: true });
  await expectReleased(opened, tokensTaken(opened).at(-1)!);
});

test('a file bigger than one IPC piece arrives whole, with progress while it is read', async ({
  page,
}) => {
  app = await launchApp(page);
  const opened = app;
  const lists = new ListsPage(page);
  // ~9.6 MB, so two pieces of files:read-chunk: a byte lost or misplaced at
  // the seam would break a row.
  const rows = 50_000;
  const notes = 'x'.repeat(150);
  const lines = ['email,first_name,company,notes'];
  for (let i = 1; i <= rows; i++) {
    lines.push(`p${i}@example.com,Person ${i},Company ${i % 997},${notes}`);
  }
  const path = join(opened.dataDir, 'big.csv');
  await writeFile(path, `${lines.join('\n')}\n`);

  opened.services.openFiles([path]);
  // Slow on a busy machine: the harness carries each piece over the DevTools protocol.
  const slow = { timeout: 60_000 };
  await expect(page.getByTestId('opened-file-progress')).toContainText('Opening big.csv', slow);
  await expect(page.getByTestId('opened-file-progress')).toHaveCount(0, slow);
  await expect(lists.view).toHaveAttribute('data-ready', 'true', slow);
  await lists.waitLoaded();
  await expect(lists.count('rows')).toHaveText('50,000');
  await expect(lists.count('invalid')).toHaveText('0');
  await expect(lists.count('duplicates')).toHaveText('0');
});
