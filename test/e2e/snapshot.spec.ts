import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Prospect } from '../../src/shared/prospect';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';
import { SnapshotSection } from './pages/snapshot-section';

let app: E2eApp;
test.afterEach(async () => app?.close());

// Grid columns (features/snapshot/snapshot-columns.ts).
const ID = 0;
const EMAIL = 1;
const FIRST_NAME = 2;
const STATUS = 5;

test('the account snapshot syncs, is browsed and filtered in the grid, exported, and synced again', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  app = await launchApp(page, { sandbox: { latencyMs: 5 } });
  const sandbox = await app.services.sandbox.get();
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  await page.getByTestId('nav-account').click();
  const snapshot = new SnapshotSection(page);

  // Nothing synced yet: "Sync" runs a full sync.
  await expect(snapshot.status).toHaveText('No snapshot yet');
  await snapshot.syncChanges(/^Full sync: 3 requests, 2,500 prospects received\./);
  await expect(snapshot.status).toHaveText('2,500 prospects · synced less than a minute ago');
  await expect(snapshot.deletionsNote).toHaveCount(0);

  // The grid shows the snapshot in the API's order, window by window.
  const ids = [...sandbox.state.prospects().keys()].map(String);
  await expect(snapshot.count).toHaveText('2,500 of 2,500 prospects');
  await expect.poll(async () => (await snapshot.column(ID)).slice(0, 3)).toEqual(ids.slice(0, 3));
  await snapshot.grid.focus();
  await page.keyboard.press('Control+End'); // last row, last column
  await page.keyboard.press('Home'); // back to the first column
  const lastRow = snapshot.grid.locator('[data-testid="grid-row"][data-position="2499"]');
  await expect(lastRow).toBeVisible();
  await snapshot.settled();
  await expect(lastRow.locator(`[data-col="${ID}"]`)).toHaveText(ids[2_499] ?? '');

  // Filter by status: the count is the sandbox's, every row on screen matches.
  const bounced = [...sandbox.state.prospects().values()].filter((p) => p.status === 'BOUNCED');
  expect(bounced.length).toBeGreaterThan(1);
  await snapshot.filterStatus('BOUNCED');
  await expect.poll(() => snapshot.shown()).toBe(bounced.length);
  await expect.poll(async () => [...new Set(await snapshot.column(STATUS))]).toEqual(['BOUNCED']);

  // Export what the filter shows.
  const path = await snapshot.export('json');
  const exported = JSON.parse(await readFile(path, 'utf8')) as Prospect[];
  expect(exported.map((p) => p.id).sort()).toEqual(bounced.map((p) => p.id).sort());

  // Search an email: one prospect.
  const target = bounced[0]!;
  await snapshot.search(target.email);
  await expect(snapshot.count).toHaveText(`1 of 2,500 prospects`);
  await expect.poll(() => snapshot.column(EMAIL)).toEqual([target.email]);

  // Campaigns: loaded on demand, then the grid filters by one of them.
  await snapshot.search('');
  await snapshot.filterStatus('');
  await expect(snapshot.browser.getByTestId('snapshot-filter-campaign')).toBeDisabled();
  await snapshot.loadCampaigns();
  const campaign = sandbox.state.campaigns()[0]!;
  const members = [...sandbox.state.prospects().keys()].filter((id) =>
    sandbox.state.hidden(id)!.campaigns.includes(campaign),
  );
  expect(members.length).toBeGreaterThan(0);
  await snapshot.filterCampaign(campaign);
  await expect.poll(() => snapshot.shown()).toBe(members.length);
  await expect
    .poll(async () => (await snapshot.column(ID)).slice(0, 3))
    .toEqual(members.slice(0, 3).map(String));
  await snapshot.filterCampaign('');
  await snapshot.search(target.email);

  // Changed elsewhere (the vendor API), then "Sync changes" shows the new value.
  const res = await fetch(`${sandbox.url}/rest/v1/add_prospects_list`, {
    method: 'POST',
    headers: { 'x-api-key': sandbox.keys.woodpecker, 'content-type': 'application/json' },
    body: JSON.stringify({
      update: true,
      file_name: 'snapshot e2e',
      prospects: [{ email: target.email, first_name: 'Renamed in Woodpecker' }],
    }),
  });
  expect(res.status).toBe(200);
  await snapshot.syncChanges(/^Changes synced: 1 request, [\d,]+ prospects? received\./);
  await expect.poll(() => snapshot.column(FIRST_NAME)).toEqual(['Renamed in Woodpecker']);
  await expect(snapshot.status).toHaveText(
    '2,500 prospects · synced less than a minute ago (full sync less than a minute ago)',
  );
  await expect(snapshot.deletionsNote).toHaveText(
    'Prospects deleted elsewhere only disappear after a full resync.',
  );

  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await snapshot.search('');
    await snapshot.filterStatus('');
    await expect(snapshot.count).toHaveText('2,500 of 2,500 prospects');
    await snapshot.settled();
    await page.screenshot({ path: 'docs/snapshot.png', fullPage: true });
  }
});
