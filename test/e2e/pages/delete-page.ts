import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The Delete page: targets, backup, typed confirmation, result and the runs list. */
export class DeletePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-delete').click();
    await expect(this.runs).toHaveAttribute('data-ready', 'true');
  }

  /** Pastes targets, one per line, into the textarea. */
  async paste(lines: readonly (string | number)[]): Promise<void> {
    await this.page.getByTestId('delete-source-paste').check();
    await this.page.getByTestId('delete-paste').fill(lines.join('\n'));
  }

  /** Chooses "Remove from campaigns only" with these campaign ids. */
  async removeFromCampaigns(ids: readonly number[]): Promise<void> {
    await this.page.getByTestId('delete-scope-campaigns').check();
    await this.page.getByTestId('delete-campaigns').fill(ids.join(', '));
  }

  get badLines(): Locator {
    return this.page.getByTestId('delete-bad-lines');
  }

  /** Starts the backup and waits for the confirmation panel. */
  async backUp(): Promise<void> {
    await this.page.getByTestId('delete-backup-start').click();
    await expect(this.confirmation).toBeVisible();
  }

  get confirmation(): Locator {
    return this.page.getByTestId('delete-confirmation');
  }

  get confirmInput(): Locator {
    return this.page.getByTestId('delete-confirm-input');
  }

  get deleteButton(): Locator {
    return this.page.getByTestId('delete-execute');
  }

  /** Opens the dry run and returns its request lines. */
  async dryRunRequests(): Promise<Locator> {
    await this.page.getByTestId('dry-run-summary').click();
    return this.page.getByTestId('dry-run-request');
  }

  get job(): Locator {
    return this.page.getByTestId('delete-job');
  }

  get result(): Locator {
    return this.page.getByTestId('delete-result');
  }

  count(
    name:
      | 'deleted'
      | 'removed'
      | 'not-in-those-campaigns'
      | 'not-found'
      | 'failed'
      | 'unknown'
      | 'pending',
  ): Locator {
    return this.result.getByTestId(`delete-count-${name}`);
  }

  get runs(): Locator {
    return this.page.getByTestId('delete-runs');
  }

  run(runId: string): Locator {
    return this.runs.locator(`[data-testid="delete-run"][data-run-id="${runId}"]`);
  }

  /** Restores a run: the dialog shows the restore limits first; returns its text. */
  async restore(runId: string): Promise<string> {
    await this.run(runId).getByTestId('run-restore').click();
    const dialog = this.page.getByTestId('confirm-dialog');
    const limits = (await dialog.getByTestId('restore-limits').textContent()) ?? '';
    await dialog.getByTestId('confirm-ok').click();
    return limits;
  }

  get runJob(): Locator {
    return this.page.getByTestId('run-job');
  }
}
