import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { launchApp } from './support/harness';
import type { E2eApp } from './support/harness';
import { ListsPage } from './pages/lists-page';

let app: E2eApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('a saved list that cannot be read is shown with its reason and can be removed', async ({
  page,
}) => {
  app = await launchApp(page);
  const folder = join(app.dataDir, 'lists', 'l_0123456789ab');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'meta.json'), '{"id": "l_0123456789ab", "name": ');

  const lists = new ListsPage(page);
  await lists.open();
  const damaged = page.getByTestId('damaged-list');
  await expect(damaged).toHaveAttribute('data-id', 'l_0123456789ab');
  await expect(damaged).toContainText('l_0123456789ab');

  await damaged.getByTestId('damaged-list-remove').click();
  await page.getByRole('button', { name: 'Remove list' }).click();
  await expect(page.getByTestId('damaged-lists')).toHaveCount(0);
  expect((await readdir(join(app.dataDir, 'lists'))).filter((n) => !n.startsWith('.'))).toEqual([]);
});
