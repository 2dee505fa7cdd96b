import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The snapshot part of the Account page, as a user sees it. */
export class SnapshotSection {
  constructor(private readonly page: Page) {}

  get section(): Locator {
    return this.page.getByTestId('snapshot-section');
  }

  get status(): Locator {
    return this.page.getByTestId('snapshot-status');
  }

  get deletionsNote(): Locator {
    return this.page.getByTestId('snapshot-deletions-note');
  }

  get syncResult(): Locator {
    return this.page.getByTestId('snapshot-sync-result');
  }

  get browser(): Locator {
    return this.page.getByTestId('snapshot-browser');
  }

  get grid(): Locator {
    return this.browser.getByTestId('data-grid');
  }

  get count(): Locator {
    return this.page.getByTestId('snapshot-count');
  }

  get exportResult(): Locator {
    return this.page.getByTestId('snapshot-export-result');
  }

  /** Clicks "Sync" / "Sync changes" and waits for the result line to say `expected`. */
  async syncChanges(expected: RegExp): Promise<void> {
    await this.section.getByTestId('snapshot-sync-changes').click();
    await expect(this.syncResult).toHaveText(expected);
  }

  /** Waits until the count and the rows on screen are loaded for the current filter. */
  async settled(): Promise<void> {
    await expect(this.count).toHaveAttribute('data-busy', 'false');
    await expect(this.grid).toHaveAttribute('data-ready', 'true');
  }

  /** Prospects the filter shows ("N of M prospects"). */
  async shown(): Promise<number> {
    await this.settled();
    return Number(await this.count.getAttribute('data-total'));
  }

  async filterStatus(status: string): Promise<void> {
    await this.browser.getByTestId('snapshot-filter-status').selectOption(status);
  }

  /** Loads campaign membership and waits until its summary says so. */
  async loadCampaigns(): Promise<void> {
    await this.browser.getByTestId('campaign-sync-start').click();
    await expect(this.browser.getByTestId('campaign-summary')).toContainText('membership loaded');
  }

  async filterCampaign(id: number | ''): Promise<void> {
    await this.browser.getByTestId('snapshot-filter-campaign').selectOption(String(id));
  }

  async search(text: string): Promise<void> {
    await this.browser.getByTestId('snapshot-search').fill(text);
  }

  /** The text of one column in every row on screen (header columns: 0 = ID, 1 = Email …). */
  async column(col: number): Promise<string[]> {
    await this.settled();
    return this.grid.locator(`[data-testid="grid-row"] [data-col="${col}"]`).allTextContents();
  }

  /** Exports the current filter and returns the file's path. */
  async export(format: 'csv' | 'json'): Promise<string> {
    await this.browser.getByTestId(`snapshot-export-${format}`).check();
    await this.browser.getByTestId('snapshot-export-start').click();
    await expect(this.exportResult).toBeVisible();
    return (await this.exportResult.locator('code').textContent()) ?? '';
  }
}
