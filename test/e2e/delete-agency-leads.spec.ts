import { expect, test } from '@playwright/test';
import { invokeOk, jobResult } from '../support/app-under-test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { AgencyDeletePanel } from './pages/agency-delete-panel';
import { ConnectionsPage } from './pages/connections-page';
import { DeletePage } from './pages/delete-page';
import { HistoryPage } from './pages/history-page';
import { LeadsDeletePanel } from './pages/leads-delete-panel';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

const COMPANY = { id: 101, name: 'Acme Outreach', prospects: 12 };

test('delete ALL prospects of a client company after typing its exact name', async ({ page }) => {
  app = await launchApp(page, {
    sandbox: { prospects: 10, companies: [COMPANY], leads: 0, agencyProspects: 5 },
  });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const sandbox = await app.services.sandbox.get();

  const deletes = new DeletePage(page);
  await deletes.open();
  const agency = new AgencyDeletePanel(page);
  await agency.open();
  await agency.backUp(COMPANY.id);
  await expect(agency.fact('company')).toHaveText(`${COMPANY.name} (company ${COMPANY.id})`);
  await expect(agency.fact('count')).toHaveText(String(COMPANY.prospects));
  await expect(page.getByTestId('agency-warning')).toContainText('sent once');
  await expect(page.getByTestId('agency-warning')).toContainText('new ids');
  const requests = await deletes.dryRunRequests();
  await expect(requests).toHaveCount(1);
  await expect(requests.first()).toContainText(
    `POST ${sandbox.url}/rest/v2/agency/companies/${COMPANY.id}/prospects/delete`,
  );
  // The backup deleted nothing.
  expect(sandbox.state.prospects(`company:${COMPANY.id}`).size).toBe(COMPANY.prospects);

  await expect(agency.deleteButton).toBeDisabled();
  await agency.confirmInput.fill('acme outreach');
  await expect(agency.deleteButton).toBeDisabled();
  await agency.confirmInput.fill(`${COMPANY.name}x`);
  await expect(agency.deleteButton).toBeDisabled();
  await agency.confirmInput.fill(COMPANY.name);
  await expect(agency.deleteButton).toBeEnabled();
  await agency.deleteButton.click();

  await expect(agency.result).toHaveAttribute('data-state', 'finished');
  await expect(agency.fact('accepted')).toHaveText(String(COMPANY.prospects));
  await expect(agency.fact('backed-up')).toHaveText(String(COMPANY.prospects));
  await expect(page.getByTestId('agency-alert')).toHaveCount(0);
  const accepted = sandbox.state.deletionRequests();
  expect(accepted).toHaveLength(1);
  expect(accepted[0]).toMatchObject({ companyId: COMPANY.id, count: COMPANY.prospects });
  await expect(agency.fact('request-id')).toHaveText(String(accepted[0]?.id));
  // The run is listed with the others.
  await expect(deletes.runs.locator('[data-testid="delete-run"]')).toHaveCount(1);

  const history = new HistoryPage(page);
  await history.open();
  await expect(history.entries).toHaveCount(1);
  await expect(history.entries.first()).toHaveAttribute('data-kind', 'agency-delete');
  await expect(history.entries.first()).toHaveAttribute('data-state', 'succeeded');
});

test('archive three leads with a reason, then restore them', async ({ page }, testInfo) => {
  app = await launchApp(page, { sandbox: { prospects: 10, companies: [], leads: 30 } });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const sandbox = await app.services.sandbox.get();
  const targets = [...sandbox.state.leads().values()]
    .filter((l) => l.status !== 'lost')
    .slice(0, 3);
  const before = new Map(targets.map((l) => [l.id, l.status]));
  const ids = targets.map((l) => l.id);

  const deletes = new DeletePage(page);
  await deletes.open();
  const leads = new LeadsDeletePanel(page);
  await leads.open();
  await leads.backUpIds([...ids, 'lead_doesnotexist00']);
  await expect(page.getByTestId('leads-total')).toHaveText('3');
  await expect(leads.previewRows).toHaveCount(3);
  await expect(leads.previewRows.first()).toContainText(targets[0]?.email ?? '');
  await expect(page.getByTestId('leads-not-found')).toContainText('lead_doesnotexist00');

  await leads.choose('archive', '2', 'Moved to another CRM');
  await expect(leads.executeButton).toBeDisabled();
  await leads.choose('archive', '3');
  await expect(leads.executeButton).toBeEnabled();
  await leads.executeButton.click();

  await expect(leads.result).toHaveAttribute('data-state', 'finished');
  await expect(leads.count('done')).toHaveText('3');
  await expect(leads.count('failed')).toHaveText('0');
  await expect(
    leads.result.locator('[data-testid="leads-result-row"][data-status="done"]'),
  ).toHaveCount(3);
  for (const id of ids) {
    const lead = sandbox.state.leads().get(id);
    expect(lead?.status).toBe('lost');
    expect(lead?.metadata).toMatchObject({
      archived: true,
      archived_reason: 'Moved to another CRM',
    });
  }

  await leads.restoreButton.click();
  await expect(leads.restoreResult).toContainText('Restored 3 leads');
  for (const id of ids) expect(sandbox.state.leads().get(id)?.status).toBe(before.get(id));
  await page.screenshot({ path: testInfo.outputPath('leads-restored.png'), fullPage: true });

  // The runs list offers the same restore, saying first what cannot come back.
  const runId = (await leads.result.getAttribute('data-run-id')) ?? '';
  await deletes.run(runId).getByTestId('run-leads-restore').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog.getByTestId('leads-restore-limits')).toContainText(
    'Deleted leads cannot be restored',
  );
  await dialog.getByText('Cancel').click();
  await expect(dialog).toHaveCount(0);

  const history = new HistoryPage(page);
  await history.open();
  await expect(history.entries).toHaveCount(2);
  await expect(history.entries.first()).toHaveAttribute('data-kind', 'restore');
  await expect(history.entries.nth(1)).toHaveAttribute('data-kind', 'leads-archive');
});

test('a snapshot filter picks the targets; the backup reads them fresh', async ({ page }) => {
  app = await launchApp(page, { sandbox: { prospects: 60, companies: [], leads: 0 } });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const sandbox = await app.services.sandbox.get();
  const bounced = [...sandbox.state.prospects().values()].filter((p) => p.status === 'BOUNCED');
  expect(bounced.length).toBeGreaterThan(0);

  const deletes = new DeletePage(page);
  await deletes.open();
  // Without a snapshot the backup says where to sync one.
  await page.getByTestId('delete-source-snapshot').check();
  await expect(page.getByTestId('delete-snapshot-hint')).toContainText('reads each of them fresh');
  await page.getByTestId('delete-backup-start').click();
  await expect(page.getByTestId('delete-form-error')).toContainText('at least one filter');
  await page.getByTestId('delete-snapshot-status').selectOption('BOUNCED');
  await page.getByTestId('delete-backup-start').click();
  await expect(page.getByTestId('delete-backup-error')).toContainText('Account page');

  const { connections: saved } = await invokeOk<{ connections: { id: string }[] }>(
    app,
    'connections:list',
  );
  const connectionId = saved[0]?.id ?? '';
  await jobResult(app, 'snapshot:sync', { connectionId, mode: 'full' });

  await page.getByTestId('delete-backup-start').click();
  await expect(deletes.confirmation).toBeVisible();
  await expect(page.getByTestId('delete-backed-up')).toHaveText(String(bounced.length));
  await expect(page.getByTestId('delete-targets')).toHaveText(String(bounced.length));
});
