import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Delete page's "All of a client company" workflow (agency delete ALL). */
export class AgencyDeletePanel {
  constructor(private readonly page: Page) {}

  /** Switches the Delete page (already open) to the agency workflow. */
  async open(): Promise<void> {
    await this.page.getByTestId('delete-mode-agency').click();
    await expect(this.page.getByTestId('agency-panel')).toBeVisible();
  }

  /** Chooses the company (waits until the companies are read) and backs it up. */
  async backUp(companyId: number): Promise<void> {
    await this.page.getByTestId('agency-company-select').selectOption(String(companyId));
    await this.page.getByTestId('agency-backup-start').click();
    await expect(this.confirmation).toBeVisible();
  }

  get confirmation(): Locator {
    return this.page.getByTestId('agency-confirmation');
  }

  get confirmInput(): Locator {
    return this.page.getByTestId('agency-confirm-input');
  }

  get deleteButton(): Locator {
    return this.page.getByTestId('agency-execute');
  }

  get result(): Locator {
    return this.page.getByTestId('agency-result');
  }

  fact(name: 'company' | 'count' | 'accepted' | 'backed-up' | 'request-id'): Locator {
    return this.page.getByTestId(`agency-${name}`);
  }
}
