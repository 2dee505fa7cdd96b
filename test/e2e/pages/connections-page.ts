import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Connections page, as a user sees it. */
export class ConnectionsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-connections').click();
    await expect(this.page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  }

  async addSandbox(): Promise<void> {
    await this.form.getByLabel(/^Sandbox/).check();
    await this.form.getByTestId('connection-label').fill('Sandbox');
    await this.form.getByTestId('connection-save').click();
  }

  async addWoodpecker(label: string, baseUrl: string, key: string): Promise<void> {
    await this.form.getByLabel('Woodpecker account').check();
    await this.form.getByTestId('connection-label').fill(label);
    await this.form.getByTestId('connection-base-url').fill(baseUrl);
    await this.form.getByTestId('connection-key').fill(key);
    await this.form.getByTestId('connection-save').click();
  }

  /** The no-keyring explanation and the session-only choice, in the add form. */
  get keyNotice(): Locator {
    return this.form.getByTestId('key-storage-notice');
  }

  get sessionOnly(): Locator {
    return this.form.getByTestId('connection-key-session');
  }

  card(label: string): Locator {
    return this.page.getByTestId('connections-list').locator('li').filter({ hasText: label });
  }

  async test(label: string): Promise<Locator> {
    const card = this.card(label);
    await card.getByTestId('connection-test').click();
    return card.getByTestId('connection-test-result');
  }

  get form(): Locator {
    return this.page.getByTestId('connection-form');
  }
}
