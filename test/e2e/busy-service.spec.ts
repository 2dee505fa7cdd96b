import { expect, test } from '@playwright/test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';
import { DeletePage } from './pages/delete-page';
import { LeadsDeletePanel } from './pages/leads-delete-panel';

let app: E2eApp;
test.afterEach(async () => app?.close());

test('a job says when Woodpecker asks us to wait, and Cancel ends the wait', async ({
  page,
}, testInfo) => {
  app = await launchApp(page, { sandbox: { prospects: 50, companies: [], leads: 0 } });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const sandbox = await app.services.sandbox.get();
  sandbox.faults.add({
    match: { method: 'GET' },
    fault: { kind: 'status', status: 409, vendorCode: 'E_TOO_MANY_REQUESTS', retryAfter: '300' },
  });

  await page.getByTestId('nav-account').click();
  await page.getByTestId('export-start').click();
  const progress = page.getByTestId('job-progress');
  await expect(progress).toContainText(
    /Woodpecker asks us to wait, retrying in (5 min|4 min \d+ s)/,
  );
  await page.screenshot({ path: testInfo.outputPath('busy-wait.png'), fullPage: true });
  const sent = sandbox.log.length;

  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveAttribute('data-state', 'cancelled');
  expect(sandbox.log.length).toBe(sent);
});

test('backing up leads by status from a Leads API that does not page says what it could not list', async ({
  page,
}) => {
  app = await launchApp(page, {
    sandbox: { prospects: 1, companies: [], leads: 260, leadsPaging: 'ignores-page' },
  });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();

  const deletes = new DeletePage(page);
  await deletes.open();
  const leads = new LeadsDeletePanel(page);
  await leads.open();
  await page.getByTestId('leads-source-status').check();
  await page.getByTestId('leads-status').fill('new');
  await page.getByTestId('leads-backup-start').click();
  await expect(leads.confirmation).toBeVisible();
  await expect(page.getByTestId('leads-total')).toHaveText('100');
  await expect(page.getByTestId('leads-listing-note')).toHaveText(
    'Only the first 100 leads with status "new" could be listed: it answered the next page with the same leads again (it does not page). Those are backed up; run this again afterwards for the rest.',
  );
});
