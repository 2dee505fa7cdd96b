import { expect, test } from '@playwright/test';
import { csvRecord } from '../../src/shared/csv/csv-writer';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';
import { HistoryPage } from './pages/history-page';
import { ListsPage } from './pages/lists-page';
import { SnapshotSection } from './pages/snapshot-section';
import { UpdatePage } from './pages/update-page';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

// `UPDATE_SCREENSHOTS=1 npx playwright test test/e2e/update.spec.ts` refreshes the docs images.
const updateDocs = process.env.UPDATE_SCREENSHOTS === '1';

test('preview a list against the snapshot, exclude a row, apply, read the results, revert', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 1400 });
  app = await launchApp(page, { sandbox: { prospects: 30, companies: [], leads: 0 } });
  const sandbox = await app.services.sandbox.get();
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const [a, b, c] = [...sandbox.state.prospects().values()];
  if (!a || !b || !c) throw new Error('the sandbox has no prospects');
  const byEmail = (email: string) =>
    [...sandbox.state.prospects().values()].find((p) => p.email === email);

  // The list: 2 changed snippets (one on two lines), 1 unchanged, 1 new, 1 invalid.
  const OPENER_A = 'Loved your talk<br/>Coffee next week?';
  const csv = [
    ['Email', 'Snippet 1'],
    [a.email, OPENER_A],
    [b.email, 'Opener B'],
    [c.email, String(c.snippet1 ?? '')],
    ['fresh@example.com', 'Hello'],
    ['not-an-email', 'Oops'],
  ]
    .map((cells) => csvRecord(cells))
    .join('');
  const lists = new ListsPage(page);
  await lists.open();
  await lists.dropFile('q4.csv', new TextEncoder().encode(csv));
  await lists.waitLoaded();
  await expect(lists.count('invalid')).toHaveText('1');
  await lists.saveList('Q4 openers');

  // Sync the account's snapshot on the Account page.
  await page.getByTestId('nav-account').click();
  await new SnapshotSection(page).syncChanges(/^Full sync/);

  const update = new UpdatePage(page);
  await page.keyboard.press('Alt+7'); // Update is Alt+7; Alt+1…6 keep their pages.
  await expect(update.root).toHaveAttribute('data-ready', 'true');
  await update.chooseList('Q4 openers');
  await expect(update.snapshot).toContainText(
    'Compared with a snapshot synced less than a minute ago',
  );
  await expect(page.getByTestId('update-clear-blanks')).not.toBeChecked();
  await update.preview();
  await expect(update.count('changed')).toHaveText('2');
  await expect(update.count('unchanged')).toHaveText('1');
  await expect(update.count('new')).toHaveText('1');
  await expect(update.count('invalid')).toHaveText('1');
  await expect(update.count('duplicate')).toHaveText('0');
  await expect(update.count('included')).toHaveText('3');
  // The refresh before comparing was an incremental sync: deletions may be missing.
  await expect(page.getByTestId('update-deletions-note')).toBeVisible();

  // New and changed rows show by default; a changed row shows old → new for Snippet 1.
  await expect(update.rows).toHaveCount(3);
  const rowA = update.rowOf(a.email);
  await expect(rowA).toHaveAttribute('data-kind', 'changed');
  const change = rowA.locator('[data-testid="change"][data-field="snippet1"]');
  await expect(change.getByTestId('change-new')).toHaveText('Loved your talk ⏎ Coffee next week?');
  if (a.snippet1) await expect(change).toHaveAttribute('data-flags', 'overwrite');
  // The active row's details show the snippet line by line.
  await expect(update.details).toHaveAttribute('data-email', a.email);
  const newLines = update.details.getByTestId('change-new').locator('.change-line');
  await expect(newLines).toHaveText(['Loved your talk', 'Coffee next week?']);
  if (updateDocs) await page.screenshot({ path: 'docs/update-preview.png', fullPage: true });
  await page.screenshot({ path: testInfo.outputPath('update-preview.png'), fullPage: true });

  // Filter chips: only the invalid row.
  await update.showKinds(['invalid']);
  await expect(update.rows).toHaveCount(1);
  await expect(update.rows.first()).toContainText('not-an-email');
  await expect(update.rows.first().getByTestId('update-row-include')).toHaveCount(0);
  await update.showKinds(['new', 'changed']);

  // Keyboard: the second row (b) is excluded with Space.
  await update.grid.focus();
  await page.keyboard.press('ArrowDown');
  await expect(update.details).toHaveAttribute('data-email', b.email);
  await page.keyboard.press('Space');
  await expect(update.rowOf(b.email)).toHaveAttribute('data-included', 'false');
  await expect(update.count('included')).toHaveText('2');

  // Exclude and include all new: the count follows.
  await page.getByTestId('update-exclude-all-new').click();
  await expect(update.count('included')).toHaveText('1');
  await expect(update.rowOf('fresh@example.com')).toHaveAttribute('data-included', 'false');
  await page.getByTestId('update-include-all-new').click();
  await expect(update.count('included')).toHaveText('2');

  // The import name is required: blank, Apply says why.
  await expect(page.getByTestId('update-file-name')).toHaveValue(/^Prospect Desk · Q4 openers · /);
  await page.getByTestId('update-file-name').fill('  ');
  await page.getByTestId('update-apply').click();
  await expect(page.getByTestId('update-apply-invalid')).toContainText('import name');
  await expect(update.results).toHaveCount(0);

  const sentBefore = sandbox.log.length;
  await update.apply('Q4 opener');
  await expect(update.result('updated')).toHaveText('1');
  await expect(update.result('added')).toHaveText('1');
  await expect(update.result('unchanged')).toHaveText('2'); // c, and b (excluded)
  await expect(update.result('invalid')).toHaveText('1'); // never sent
  await expect(update.result('failed')).toHaveText('0');
  await expect(page.getByTestId('update-retry')).toHaveCount(0);
  await expect(page.getByTestId('update-path-success')).toContainText('success');
  await expect(page.getByTestId('update-path-errors')).toContainText('error');
  await expect(update.outcomes).toHaveCount(5);
  await page.getByTestId('update-errors-only').check();
  await expect(update.outcomes).toHaveCount(1);
  await expect(update.outcomes.first()).toContainText('INVALID_ROW');
  await page.getByTestId('update-errors-only').uncheck();
  if (updateDocs) await page.screenshot({ path: 'docs/update-results.png', fullPage: true });
  await page.screenshot({ path: testInfo.outputPath('update-results.png'), fullPage: true });

  // Only the included rows changed, and every update request named the import.
  expect(byEmail(a.email)?.snippet1).toBe(OPENER_A);
  expect(byEmail(b.email)?.snippet1).toBe(b.snippet1);
  expect(byEmail('fresh@example.com')?.snippet1).toBe('Hello');
  const updates = sandbox.log
    .slice(sentBefore)
    .filter((e) => e.method === 'POST' && e.path.includes('add_prospects_list'));
  expect(updates.length).toBeGreaterThan(0);
  for (const request of updates) {
    expect(request.body).toMatchObject({ file_name: 'Q4 opener' });
  }
  expect(sandbox.state.hidden(a.id)?.file_name).toBe('Q4 opener');

  // Revert (confirmed first): the old value is back, the added prospect stays.
  const reverted = await update.revert();
  await expect(reverted).toContainText('Reverted 1 prospects; 0 failed.');
  await expect(reverted).toContainText('1 added prospects stay');
  expect(byEmail(a.email)?.snippet1).toBe(a.snippet1);
  expect(byEmail('fresh@example.com')).toBeDefined();

  const history = new HistoryPage(page);
  await history.open();
  await expect(history.entries).toHaveCount(2);
  await expect(history.entries.first()).toHaveAttribute('data-kind', 'revert');
  await expect(history.entries.nth(1)).toHaveAttribute('data-kind', 'update');
  await expect(history.count(history.entries.nth(1), 'updated')).toHaveText('1');

  // Back on the page (Alt+7), the results are still there.
  await page.keyboard.press('Alt+7');
  await expect(update.results).toBeVisible();
});

test('rows of a refused request fail, and Retry failed rows sends exactly them', async ({
  page,
}) => {
  app = await launchApp(page, { sandbox: { prospects: 10, companies: [], leads: 0 } });
  const sandbox = await app.services.sandbox.get();
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  // Copies: the sandbox's objects change as it writes.
  const [a, b] = [...sandbox.state.prospects().values()].slice(0, 2).map((p) => ({ ...p }));
  if (!a || !b) throw new Error('the sandbox has no prospects');
  const csv = [
    ['Email', 'Snippet 1'],
    [a.email, 'Retry opener A'],
    [b.email, 'Retry opener B'],
  ]
    .map((cells) => csvRecord(cells))
    .join('');
  const lists = new ListsPage(page);
  await lists.open();
  await lists.dropFile('retry.csv', new TextEncoder().encode(csv));
  await lists.waitLoaded();
  await lists.saveList('Retry list');
  await page.getByTestId('nav-account').click();
  await new SnapshotSection(page).syncChanges(/^Full sync/);

  const update = new UpdatePage(page);
  await page.keyboard.press('Alt+7');
  await expect(update.root).toHaveAttribute('data-ready', 'true');
  await update.chooseList('Retry list');
  await update.preview();
  await expect(update.count('changed')).toHaveText('2');

  // Woodpecker refuses the whole request once: both rows fail, nothing changed.
  sandbox.faults.add({
    match: { method: 'POST', path: '/rest/v1/add_prospects_list' },
    fault: { kind: 'status', status: 400, vendorCode: 'E_WRONG_PARAM' },
  });
  const sentBefore = sandbox.log.length;
  await update.apply('Retry run');
  await expect(update.result('failed')).toHaveText('2');
  await expect(update.result('updated')).toHaveText('0');
  expect(sandbox.state.prospects().get(a.id)?.snippet1).toBe(a.snippet1);

  await page.getByTestId('update-retry').click();
  await expect(page.getByTestId('update-retry-result')).toHaveText('Retried 2 rows in 1 requests.');
  await expect(update.result('updated')).toHaveText('2');
  await expect(update.result('failed')).toHaveText('0');
  expect(sandbox.state.prospects().get(a.id)?.snippet1).toBe('Retry opener A');
  expect(sandbox.state.prospects().get(b.id)?.snippet1).toBe('Retry opener B');
  // Two update requests in all: the refused one and the retry, each with both emails.
  const sent = sandbox.log
    .slice(sentBefore)
    .filter((e) => e.method === 'POST' && e.path.includes('add_prospects_list'))
    .map((e) => (e.body as { prospects: { email: string }[] }).prospects.map((p) => p.email));
  expect(sent).toEqual([
    [a.email, b.email],
    [a.email, b.email],
  ]);
});
