import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { FORMULA_PROSPECTS } from '../support/formula-prospects';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';
import { ListsPage } from './pages/lists-page';
import { SnapshotSection } from './pages/snapshot-section';
import { UpdatePage } from './pages/update-page';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

// Decision 003: our own files read back exactly.
test('export the account, import that file unchanged, preview it: 0 changes', async ({
  page,
}, testInfo) => {
  app = await launchApp(page, { sandbox: { prospects: 200, companies: [], leads: 0 } });
  const sandbox = await app.services.sandbox.get();
  // Values starting with every character the formula guard covers (the seed has `=`, `+`, `-`, `@`).
  const added = await fetch(`${sandbox.url}/rest/v1/add_prospects_list`, {
    method: 'POST',
    headers: { 'x-api-key': sandbox.keys.woodpecker, 'content-type': 'application/json' },
    body: JSON.stringify({ file_name: 'formula cells', prospects: FORMULA_PROSPECTS }),
  });
  expect(added.status).toBe(200);
  const total = 200 + FORMULA_PROSPECTS.length;
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();

  // Export the account as a new user would.
  await page.getByTestId('nav-account').click();
  await page.getByTestId('export-start').click();
  const result = page.getByTestId('export-result');
  await expect(result).toContainText(`Exported ${total} prospects`);
  const path = (await result.locator('code').textContent()) ?? '';
  const bytes = await readFile(path);
  const csv = bytes.toString('utf8');
  expect(csv).toContain(`,'-5% churn since Q2,`);
  expect(csv).toContain(`,"'\ufe66SUM(1,2)",`); // quoted: it holds a comma
  expect(csv).toContain(`,''=not a formula,`);

  // Import that file unchanged: the list shows the values without our apostrophes.
  const lists = new ListsPage(page);
  await lists.open();
  await lists.dropFile('account.csv', bytes);
  await lists.waitLoaded();
  await expect(lists.count('rows')).toHaveText(String(total));
  await expect(lists.count('invalid')).toHaveText('0');
  const search = page.getByTestId('grid-search');
  await search.fill('-ops@example.com');
  await expect(page.getByTestId('grid-shown')).toHaveText('1 row shown');
  const guarded = lists.grid.getByTestId('grid-row');
  // The first columns are on screen: email, first and last name, company.
  await expect(guarded).toContainText('-ops@example.com-Ana@Lee=HYPERLINK(');
  await expect(guarded).not.toContainText("'");
  await search.fill('apostrophes@example.com');
  await expect(page.getByTestId('grid-shown')).toHaveText('1 row shown');
  const typed = lists.grid.getByTestId('grid-row');
  await expect(typed).toContainText("'Tis");
  await expect(typed).toContainText("'=not a formula");
  await expect(typed).not.toContainText("''=not a formula");
  await search.fill('');
  await lists.saveList('Account as exported');

  // Preview it against the account's snapshot.
  await page.getByTestId('nav-account').click();
  await new SnapshotSection(page).syncChanges(/^Full sync/);
  const update = new UpdatePage(page);
  await page.keyboard.press('Alt+7');
  await expect(update.root).toHaveAttribute('data-ready', 'true');
  await update.chooseList('Account as exported');
  await update.preview();
  await expect(update.count('unchanged')).toHaveText(String(total));
  await expect(update.count('changed')).toHaveText('0');
  await expect(update.count('new')).toHaveText('0');
  await expect(update.count('invalid')).toHaveText('0');
  await expect(update.count('duplicate')).toHaveText('0');
  await expect(update.count('included')).toHaveText('0');
  await page.screenshot({ path: testInfo.outputPath('round-trip-preview.png'), fullPage: true });
});
