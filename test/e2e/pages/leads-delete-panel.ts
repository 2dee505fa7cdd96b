import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Delete page's Leads API workflow: back up, act, per-lead results, restore. */
export class LeadsDeletePanel {
  constructor(private readonly page: Page) {}

  /** Switches the Delete page (already open) to the Leads workflow. */
  async open(): Promise<void> {
    await this.page.getByTestId('delete-mode-leads').click();
    await expect(this.page.getByTestId('leads-panel')).toBeVisible();
  }

  /** Backs up leads by id and waits for the confirmation. */
  async backUpIds(ids: readonly string[]): Promise<void> {
    await this.page.getByTestId('leads-source-ids').check();
    await this.page.getByTestId('leads-ids').fill(ids.join('\n'));
    await this.page.getByTestId('leads-backup-start').click();
    await expect(this.confirmation).toBeVisible();
  }

  get confirmation(): Locator {
    return this.page.getByTestId('leads-confirmation');
  }

  get previewRows(): Locator {
    return this.page.getByTestId('leads-preview-row');
  }

  /** Chooses the action (and the archive reason) and types the count to confirm. */
  async choose(action: 'delete' | 'archive' | 'anonymize', confirm: string, reason = '') {
    await this.page.getByTestId(`leads-action-${action}`).check();
    if (reason) await this.page.getByTestId('leads-reason').fill(reason);
    await this.page.getByTestId('leads-confirm-input').fill(confirm);
  }

  get executeButton(): Locator {
    return this.page.getByTestId('leads-execute');
  }

  get result(): Locator {
    return this.page.getByTestId('leads-result');
  }

  count(name: 'done' | 'gone' | 'failed' | 'unknown' | 'pending'): Locator {
    return this.result.getByTestId(`leads-count-${name}`);
  }

  get restoreButton(): Locator {
    return this.result.getByTestId('leads-restore');
  }

  get restoreResult(): Locator {
    return this.page.getByTestId('leads-restore-result');
  }
}
