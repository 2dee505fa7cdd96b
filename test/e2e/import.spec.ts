import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ListsPage } from './pages/lists-page';
import { LINE, messyFile } from './fixtures/messy-prospects';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

// Columns of the messy file: E-Mail;Vorname;Nachname;Firma;Status;Kommentar
const EMAIL = 0;
const STATUS = 4;
const KOMMENTAR = 5;

test('drop a messy file, fix the mapping and a row, resolve duplicates, save and export', async ({
  page,
}, testInfo) => {
  app = await launchApp(page);
  const lists = new ListsPage(page);
  await lists.open();

  await lists.dropFile('crm-export.csv', messyFile());
  await lists.waitLoaded();
  await page.screenshot({ path: testInfo.outputPath('1-dropped.png'), fullPage: true });

  // Detected: Windows-1252, semicolons, the header below a two-line preamble.
  await expect(lists.detection.getByTestId('detect-encoding')).toHaveValue('windows-1252');
  await expect(lists.detection.getByTestId('detect-delimiter')).toHaveValue(';');
  await expect(lists.detection.getByTestId('detect-header-row')).toHaveValue('3');
  await expect(lists.detection.getByTestId('detect-line-endings')).toHaveText('Windows (CRLF)');
  // The ragged row is a file problem with its line; its good cells were kept.
  await expect(page.getByTestId('file-problem')).toHaveAttribute('data-line', String(LINE.eve));
  await expect(page.getByTestId('file-problem')).toContainText(`Line ${LINE.eve}`);
  await expect(lists.cell(LINE.eve, EMAIL)).toHaveText('eve@example.com');
  // Accented and € characters decoded from Windows-1252.
  await expect(lists.cell(LINE.anna, KOMMENTAR)).toHaveText('Grüße aus Köln, 5 € Rabatt');

  // Kommentar matched nothing: import it as the first snippet.
  await expect(lists.mappingRow(KOMMENTAR).getByTestId('mapping-confidence')).toHaveText(
    'Not imported',
  );
  await lists.mapColumn(KOMMENTAR, 'snippet1');
  await expect(lists.mappingRow(KOMMENTAR).getByTestId('mapping-confidence')).toHaveText(
    'Chosen by you',
  );
  await expect(page.getByTestId('grid-header-5')).toContainText('Snippet 1');
  await lists.savePreset('CRM mapping');

  // Counts, error cells and duplicate flags.
  await expect(lists.count('rows')).toHaveText('7');
  await expect(lists.count('invalid')).toHaveText('2');
  await expect(lists.count('duplicates')).toHaveText('1');
  const badEmail = lists.cell(LINE.bob, EMAIL);
  await expect(badEmail).toHaveAttribute('aria-invalid', 'true');
  await expect(badEmail).toHaveAttribute('aria-description', /Email has no @/);
  await expect(lists.cell(LINE.carl, STATUS)).toHaveAttribute('aria-description', /Status must/);
  await expect(lists.cell(LINE.dora, EMAIL)).not.toHaveAttribute('aria-invalid', 'true');
  await expect(lists.row(LINE.anna).getByTestId('flag-duplicate')).toBeVisible();
  await expect(lists.row(LINE.annaAgain).getByTestId('flag-duplicate')).toBeVisible();
  await lists.showRows('errors');
  await expect(lists.grid.getByTestId('grid-row')).toHaveCount(2);
  await page.getByTestId('row-errors').locator('summary').click();
  await expect(page.getByTestId('row-error')).toHaveCount(2);
  await expect(page.getByTestId('row-error').first()).toContainText(`Line ${LINE.bob}`);
  await page.screenshot({ path: testInfo.outputPath('2-errors.png'), fullPage: true });

  // Fix the email inline (keyboard: Enter edits, Enter commits): one error left.
  await lists.editCell(LINE.bob, EMAIL, 'bob@example.com');
  await expect(lists.count('invalid')).toHaveText('1');
  await lists.showRows('all');
  await expect(lists.cell(LINE.bob, EMAIL)).toHaveText('bob@example.com');
  await expect(lists.cell(LINE.bob, EMAIL)).not.toHaveAttribute('aria-invalid', 'true');
  await expect(lists.row(LINE.bob).getByTestId('flag-edited')).toBeVisible();
  // Arrow keys move the active cell.
  await lists.cell(LINE.bob, EMAIL).click();
  await lists.grid.press('ArrowRight');
  await expect(lists.cell(LINE.bob, 1)).toHaveAttribute('aria-selected', 'true');
  // Escape cancels an edit.
  await lists.grid.press('F2');
  await lists.grid.getByTestId('cell-editor').fill('Robert');
  await lists.grid.getByTestId('cell-editor').press('Escape');
  await expect(lists.cell(LINE.bob, 1)).toHaveText('Bob');

  // Sort by a column header, and search (debounced) over every cell.
  const lastName = page.getByTestId('grid-header-2');
  await lastName.getByRole('button').click();
  await expect(lastName).toHaveAttribute('aria-sort', 'ascending');
  await expect(lists.grid.getByTestId('grid-row').first()).toHaveAttribute(
    'data-line',
    String(LINE.bob), // Brown
  );
  await lastName.getByRole('button').click();
  await lastName.getByRole('button').click();
  await expect(lastName).toHaveAttribute('aria-sort', 'none');
  await page.getByTestId('grid-search').fill('köln');
  await expect(page.getByTestId('grid-shown')).toHaveText('1 row shown');
  await page.getByTestId('grid-search').fill('');
  await expect(page.getByTestId('grid-shown')).toHaveText('7 rows shown');

  // Keep the first of the two Anna rows.
  await lists.resolveDuplicates('keep-first');
  await expect(lists.count('duplicates')).toHaveText('0');
  await expect(lists.count('dropped')).toHaveText('1');
  await expect(lists.row(LINE.annaAgain).getByTestId('flag-dropped')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('3-fixed.png'), fullPage: true });

  await lists.saveList('CRM export');

  // Export the valid rows as CSV for Excel: BOM, formula-safe.
  const path = await lists.exportCsv({ bom: true, validOnly: true });
  expect(path).toContain('exports');
  const csv = await readFile(path, 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const lines = csv.slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toBe('email,first_name,last_name,company,status,snippet1');
  expect(lines).toContain('bob@example.com,Bob,Brown,Acme,ACTIVE,');
  expect(lines).toContain(
    'dora@example.com,Dora,Díaz,"\'=HYPERLINK(""http://evil.example"")",ACTIVE,',
  );
  expect(csv).toContain('"Grüße aus Köln, 5 € Rabatt"');
  expect(csv).not.toContain('carl@example.com'); // invalid status: left out
  expect(csv).not.toContain('second copy'); // the removed duplicate
  expect(lines).toHaveLength(1 + 5);
  await page.screenshot({ path: testInfo.outputPath('4-exported.png'), fullPage: true });

  // The same file again: the saved mapping is applied by itself.
  await lists.dropFile('crm-export-2.csv', messyFile());
  await lists.waitLoaded();
  await expect(page.getByTestId('preset-applied')).toContainText('Mapping “CRM mapping” applied');
  await expect(page.getByTestId(`mapping-select-${KOMMENTAR}`)).toHaveValue('snippet1');
});

test('a saved list survives a reload and opens with its rows', async ({ page }, testInfo) => {
  app = await launchApp(page);
  const lists = new ListsPage(page);
  await lists.open();
  await lists.dropFile('crm-export.csv', messyFile());
  await lists.waitLoaded();
  await lists.editCell(LINE.bob, EMAIL, 'bob@example.com');
  await lists.saveList('Kept list');

  await page.reload();
  await page.locator('[data-testid="app"][data-ready="true"]').waitFor();
  await lists.open();
  const saved = lists.savedList('Kept list');
  await expect(saved.getByTestId('saved-list-rows')).toHaveText('7');
  await page.screenshot({ path: testInfo.outputPath('5-saved-lists.png'), fullPage: true });

  await lists.openSaved('Kept list');
  await expect(lists.count('rows')).toHaveText('7');
  await expect(lists.count('invalid')).toHaveText('1');
  await expect(
    lists.grid.locator('[role="gridcell"]', { hasText: 'bob@example.com' }),
  ).toBeVisible();
  await expect(lists.grid.getByText('Grüße aus Köln, 5 € Rabatt')).toBeVisible();
  await expect(page.getByTestId('list-saved')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('6-reopened.png'), fullPage: true });

  // Removing asks first, with Cancel focused.
  await lists.backToLists();
  await saved.getByTestId('saved-list-remove').click();
  await expect(page.getByTestId('confirm-cancel')).toBeFocused();
  await page.getByTestId('confirm-ok').click();
  await expect(saved).toHaveCount(0);
});

test('a workbook saved as .csv is refused with what to do', async ({ page }) => {
  app = await launchApp(page);
  const lists = new ListsPage(page);
  await lists.open();
  // A ZIP container (what .xlsx files are) under a .csv name.
  const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(60).fill(0)]);
  await lists.dropFile('prospects.csv', zip);
  await expect(lists.view).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('import-error')).toContainText('Excel workbook');
  await expect(page.getByTestId('import-error')).toContainText('CSV UTF-8');
});

test('a wrong guess is fixed by re-importing with another header row', async ({ page }) => {
  app = await launchApp(page);
  const lists = new ListsPage(page);
  await lists.open();
  await lists.dropFile('crm-export.csv', messyFile());
  await lists.waitLoaded();

  await lists.detection.getByTestId('detect-header-row').fill('4');
  await lists.detection.getByTestId('detect-reimport').click();
  await lists.waitLoaded();
  await expect(lists.detection.getByTestId('detect-header-row')).toHaveValue('4');
  await expect(page.getByTestId('grid-header-0')).toContainText('anna.mueller@example.de');
  await expect(lists.count('rows')).toHaveText('6');
});
