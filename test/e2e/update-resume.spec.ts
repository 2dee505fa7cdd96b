import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { PlannedRow } from '../../src/shared/update/update-types';
import { WoodpeckerV1Client } from '../../src/main/api/woodpecker-v1/client';
import { applyUpdate } from '../../src/main/update/apply-update';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ConnectionsPage } from './pages/connections-page';
import { HistoryPage } from './pages/history-page';
import { UpdatePage } from './pages/update-page';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

class Killed extends Error {}

test('an update that stopped part way shows on the Update page, and Resume finishes it without sending a row twice', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 1200 });
  app = await launchApp(page, { sandbox: { prospects: 30, companies: [], leads: 0 } });
  const sandbox = await app.services.sandbox.get();
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.addSandbox();
  const listed = await app.services.router.invoke('connections:list', undefined);
  if (!listed.ok) throw new Error(listed.error.message);
  const connectionId = (listed.value as { connections: { id: string }[] }).connections[0]!.id;

  // Earlier, an apply of 6 rows in batches of 2 was cut off (the app closed) after its first batch.
  const prospects = [...sandbox.state.prospects().values()].slice(0, 6).map((p) => ({ ...p }));
  const planned: PlannedRow[] = prospects.map((p, i) => ({
    row: i + 2,
    kind: 'changed',
    email: p.email,
    prospectId: p.id,
    update: { email: p.email, snippet1: `Resumed opener ${i + 1}` },
    changes: [
      {
        field: 'snippet1',
        old: String(p.snippet1 ?? ''),
        new: `Resumed opener ${i + 1}`,
        flags: [],
      },
    ],
  }));
  const runId = 'upd-20261208-090000-a1b2c3';
  let outcomes = 0;
  const stopped = await applyUpdate({
    dir: join(app.dataDir, 'updates', runId),
    runId,
    connection: { id: connectionId, label: 'Sandbox', kind: 'sandbox' },
    list: 'Q1 openers',
    client: new WoodpeckerV1Client({ baseUrl: sandbox.url, apiKey: sandbox.keys.woodpecker }),
    planned,
    skipped: [],
    fileName: 'Q1 openers',
    batchSize: 2,
    checkpoint: (at) => {
      if (at === 'outcome' && ++outcomes === 1) throw new Killed();
    },
  }).catch((error: unknown) => error);
  expect(stopped).toBeInstanceOf(Killed);
  const updates = () =>
    sandbox.log.filter((e) => e.method === 'POST' && e.path.includes('add_prospects_list'));
  expect(updates()).toHaveLength(1);

  // The Update page says so at the top, in words about prospects.
  const update = new UpdatePage(page);
  await page.keyboard.press('Alt+7');
  await expect(update.runs).toHaveAttribute('data-ready', 'true');
  const run = update.run(runId);
  await expect(run).toHaveAttribute('data-status', 'interrupted');
  await expect(run).toContainText('stopped before finishing');
  await expect(run.getByTestId('update-run-progress')).toHaveText(
    '2 of 6 prospects updated before it stopped; 4 not sent yet.',
  );
  await page.screenshot({ path: testInfo.outputPath('update-interrupted.png'), fullPage: true });

  // Resume, after a confirmation that says what it will and will not send.
  const asked = await update.resume(runId);
  expect(asked).toContain('Finish this update?');
  expect(asked).toContain(
    'Resume sends the 4 rows that were not sent yet. The 2 prospects already updated are not sent again.',
  );
  await expect(update.result('updated')).toHaveText('6');
  await expect(update.result('failed')).toHaveText('0');
  await expect(update.outcomes).toHaveCount(6);
  await expect(run).toHaveAttribute('data-status', 'finished');
  await page.screenshot({ path: testInfo.outputPath('update-resumed.png'), fullPage: true });

  // Each prospect was sent once: the first batch before the stop, the other two after.
  const sent = updates().flatMap((e) =>
    (e.body as { prospects: { email: string }[] }).prospects.map((p) => p.email),
  );
  expect(sent.sort()).toEqual(prospects.map((p) => p.email).sort());
  for (const [i, p] of prospects.entries()) {
    expect(sandbox.state.prospects().get(p.id)?.snippet1).toBe(`Resumed opener ${i + 1}`);
  }

  const history = new HistoryPage(page);
  await history.open();
  await expect(history.entries.first()).toHaveAttribute('data-kind', 'update');
  await expect(history.entries.first()).toContainText('Resumed after it stopped before finishing');
});
