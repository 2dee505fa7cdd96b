import { expect, test } from '@playwright/test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';
import { DeletePage } from './pages/delete-page';
import { HistoryPage } from './pages/history-page';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

// `UPDATE_SCREENSHOTS=1 npx playwright test test/e2e/delete.spec.ts` refreshes the docs images.
const updateDocs = process.env.UPDATE_SCREENSHOTS === '1';
const PROSPECTS = 40;
const MISSING_ID = 987_654_321;

test('back up, confirm with the typed count, delete, then restore from the runs list', async ({
  page,
}, testInfo) => {
  app = await launchApp(page, {
    sandbox: { prospects: PROSPECTS, companies: [], leads: 0, latencyMs: 20 },
  });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const sandbox = await app.services.sandbox.get();
  const targets = [...sandbox.state.prospects().values()].slice(0, 3);
  const ids = targets.map((p) => p.id);
  const emails = targets.map((p) => p.email);

  const history = new HistoryPage(page);
  await history.open();
  await expect(history.empty).toBeVisible();

  const deletes = new DeletePage(page);
  await deletes.open();
  // A line that is neither an id nor an email is named, with its line number.
  await deletes.paste([...ids, 'not an email']);
  await expect(deletes.badLines).toContainText('Line 4');
  await expect(deletes.badLines).toContainText('not an email address');

  await deletes.paste([...ids, MISSING_ID]);
  await deletes.backUp();
  const runId = (await deletes.confirmation.getAttribute('data-run-id')) ?? '';
  await expect(page.getByTestId('delete-targets')).toHaveText('4');
  await expect(page.getByTestId('delete-backed-up')).toHaveText('3');
  await expect(page.getByTestId('delete-not-found')).toContainText(String(MISSING_ID));
  await expect(page.getByTestId('delete-summary')).toContainText('Delete 3 prospects from Sandbox');
  await expect(page.getByTestId('delete-backup-paths').locator('code')).toHaveCount(3);
  const requests = await deletes.dryRunRequests();
  await expect(requests).toHaveCount(1);
  await expect(requests.first()).toContainText('DELETE');
  await expect(requests.first()).toContainText('/rest/v1/prospects?id=');
  await expect(requests.first()).toContainText('3 prospects');
  // Nothing was deleted by the backup.
  expect(ids.every((id) => sandbox.state.prospects().has(id))).toBe(true);

  await deletes.confirmInput.fill('4');
  await expect(deletes.deleteButton).toBeDisabled();
  await deletes.confirmInput.fill('3 ');
  await expect(deletes.deleteButton).toBeDisabled();
  await deletes.confirmInput.fill('3');
  await expect(deletes.deleteButton).toBeEnabled();
  if (updateDocs) await page.screenshot({ path: 'docs/delete-confirm.png', fullPage: true });
  await page.screenshot({ path: testInfo.outputPath('delete-confirm.png'), fullPage: true });

  await deletes.deleteButton.click();
  await expect(deletes.job.getByTestId('job-progress')).toHaveAttribute('data-state', 'succeeded');
  await expect(deletes.result).toHaveAttribute('data-state', 'finished');
  await expect(deletes.count('deleted')).toHaveText('3');
  await expect(deletes.count('failed')).toHaveText('0');
  await expect(deletes.result.getByTestId('delete-resume')).toHaveCount(0);
  expect(ids.some((id) => sandbox.state.prospects().has(id))).toBe(false);
  expect(sandbox.state.prospects().size).toBe(PROSPECTS - 3);
  await expect(deletes.run(runId)).toHaveAttribute('data-status', 'finished');

  await history.open();
  await expect(history.entries).toHaveCount(1);
  const deleted = history.entries.first();
  await expect(deleted).toHaveAttribute('data-kind', 'delete');
  await expect(deleted).toHaveAttribute('data-state', 'succeeded');
  await expect(history.count(deleted, 'deleted')).toHaveText('3');
  await expect(history.count(deleted, 'notFound')).toHaveText('1');

  await page.keyboard.press('Alt+6'); // Delete is Alt+6; Alt+1…5 keep their pages.
  await expect(deletes.run(runId)).toHaveAttribute('data-status', 'finished');
  const limits = await deletes.restore(runId);
  expect(limits).toContain('Restored prospects get new ids.');
  await expect(deletes.runJob.getByTestId('restore-result')).toContainText('Restored 3 of 3');
  // Restored under new ids (v1-restore.ts): the emails are back.
  const live = new Set([...sandbox.state.prospects().values()].map((p) => p.email));
  expect(emails.every((email) => live.has(email))).toBe(true);
  expect(sandbox.state.prospects().size).toBe(PROSPECTS);

  await history.open();
  await expect(history.entries).toHaveCount(2);
  await expect(history.entries.first()).toHaveAttribute('data-kind', 'restore');
  await expect(history.count(history.entries.first(), 'restored')).toHaveText('3');
  await expect(history.entries.nth(1)).toHaveAttribute('data-kind', 'delete');
  await expect(history.entries.first().getByTestId('history-backup')).toContainText(runId);
  if (updateDocs) await page.screenshot({ path: 'docs/history.png', fullPage: true });
  await page.screenshot({ path: testInfo.outputPath('history.png'), fullPage: true });
});

test('a failed delete stays unresolved until Resume, from the result or the runs list', async ({
  page,
}) => {
  app = await launchApp(page, { sandbox: { prospects: PROSPECTS, companies: [], leads: 0 } });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const sandbox = await app.services.sandbox.get();
  const ids = [...sandbox.state.prospects().keys()].slice(5, 8);
  // The first two delete requests are refused: nothing is applied.
  sandbox.faults.add({
    match: { method: 'DELETE' },
    fault: { kind: 'status', status: 400 },
    times: 2,
  });

  const deletes = new DeletePage(page);
  await deletes.open();
  await deletes.paste(ids);
  await deletes.backUp();
  const runId = (await deletes.confirmation.getAttribute('data-run-id')) ?? '';
  await deletes.confirmInput.fill('3');
  await deletes.deleteButton.click();
  await expect(deletes.count('failed')).toHaveText('3');
  await expect(deletes.count('deleted')).toHaveText('0');
  await expect(deletes.run(runId)).toHaveAttribute('data-status', 'interrupted');
  expect(ids.every((id) => sandbox.state.prospects().has(id))).toBe(true);

  // Resume from the result: refused again, still unresolved.
  const deleteRequests = () => sandbox.log.filter((e) => e.method === 'DELETE').length;
  expect(deleteRequests()).toBe(1);
  await deletes.result.getByTestId('delete-resume').click();
  await expect.poll(deleteRequests).toBe(2);
  await expect(deletes.job.getByTestId('job-progress')).toHaveAttribute('data-state', 'succeeded');
  await expect(deletes.count('failed')).toHaveText('3');
  await expect(deletes.result.getByTestId('delete-resume')).toBeVisible();

  // Resume from the runs list asks for the typed count again.
  await deletes.run(runId).getByTestId('run-resume').click();
  await page.getByTestId('resume-confirm-input').fill('2');
  await expect(page.getByTestId('resume-execute')).toBeDisabled();
  await page.getByTestId('resume-confirm-input').fill('3');
  await page.getByTestId('resume-execute').click();
  await expect(deletes.runJob.getByTestId('delete-count-deleted')).toHaveText('3');
  await expect(deletes.run(runId)).toHaveAttribute('data-status', 'finished');
  expect(ids.some((id) => sandbox.state.prospects().has(id))).toBe(false);
});

test('a campaign removal reports the prospects in none of the campaigns, apart from the removed ones', async ({
  page,
}) => {
  app = await launchApp(page, { sandbox: { prospects: PROSPECTS, companies: [], leads: 0 } });
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const sandbox = await app.services.sandbox.get();
  const campaign = sandbox.state.campaigns()[0]!;
  const all = [...sandbox.state.prospects().keys()];
  const inIt = all.filter((id) => sandbox.state.hidden(id)!.campaigns.includes(campaign));
  const notInIt = all.filter((id) => !sandbox.state.hidden(id)!.campaigns.includes(campaign));
  const ids = [...inIt.slice(0, 2), ...notInIt.slice(0, 2)];
  // The answer to the removal is lost after it was applied: it is not sent again.
  sandbox.faults.add({ match: { method: 'DELETE' }, fault: { kind: 'reset-after' } });

  const deletes = new DeletePage(page);
  await deletes.open();
  await deletes.paste(ids);
  await deletes.removeFromCampaigns([campaign]);
  await deletes.backUp();
  await expect(page.getByTestId('delete-summary')).toContainText(
    `Remove 2 prospects from campaigns ${campaign}`,
  );
  await expect(page.getByTestId('delete-not-in-campaigns')).toContainText('2');
  await deletes.confirmInput.fill('4');
  await deletes.deleteButton.click();
  await expect(deletes.result).toHaveAttribute('data-state', 'finished');
  await expect(deletes.count('removed')).toHaveText('2');
  await expect(deletes.count('not-in-those-campaigns')).toHaveText('2');
  await expect(page.getByTestId('delete-result-text')).toContainText(
    `2 removed from campaigns ${campaign}, 2 not in those campaigns`,
  );
  expect(sandbox.log.filter((e) => e.method === 'DELETE')).toHaveLength(1);
  expect(ids.every((id) => sandbox.state.prospects().has(id))).toBe(true);
});
