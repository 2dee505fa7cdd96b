import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The History page: one row per run, newest first. */
export class HistoryPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-history').click();
    await expect(this.page.getByTestId('history-page')).toHaveAttribute('data-ready', 'true');
  }

  get entries(): Locator {
    return this.page.getByTestId('history-entry');
  }

  get empty(): Locator {
    return this.page.getByTestId('history-empty');
  }

  /** The count named `key` (main's field name, e.g. "deleted") of an entry. */
  count(entry: Locator, key: string): Locator {
    return entry.locator(`[data-count="${key}"] strong`);
  }
}
