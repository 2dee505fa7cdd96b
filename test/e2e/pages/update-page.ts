import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export type PreviewKind = 'new' | 'changed' | 'unchanged' | 'invalid' | 'duplicate';
export type ResultCount = 'updated' | 'added' | 'unchanged' | 'invalid' | 'failed' | 'unknown';

/** The Update page (preview → apply → results → revert), as a user sees it. */
export class UpdatePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-update').click();
    await expect(this.root).toHaveAttribute('data-ready', 'true');
  }

  get root(): Locator {
    return this.page.getByTestId('update-page');
  }

  get snapshot(): Locator {
    return this.page.getByTestId('update-snapshot');
  }

  async chooseList(name: string): Promise<void> {
    const select = this.page.getByTestId('update-list');
    const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
    await select.selectOption(value ?? '');
  }

  /** Runs the preview and waits for the summary. */
  async preview(): Promise<void> {
    await this.page.getByTestId('update-preview').click();
    await expect(this.page.getByTestId('update-summary')).toBeVisible();
    await this.rowsReady();
  }

  count(kind: PreviewKind | 'included'): Locator {
    return this.page.getByTestId(`update-count-${kind}`);
  }

  /** Shows only the rows of `kinds` (the chips toggle). */
  async showKinds(kinds: PreviewKind[]): Promise<void> {
    for (const kind of ['new', 'changed', 'unchanged', 'invalid', 'duplicate'] as const) {
      const chip = this.page.getByTestId(`update-chip-${kind}`);
      // Turn wanted ones on first, so the filter never becomes empty.
      if (kinds.includes(kind) && (await chip.getAttribute('aria-pressed')) !== 'true')
        await chip.click();
    }
    for (const kind of ['new', 'changed', 'unchanged', 'invalid', 'duplicate'] as const) {
      const chip = this.page.getByTestId(`update-chip-${kind}`);
      if (!kinds.includes(kind) && (await chip.getAttribute('aria-pressed')) === 'true')
        await chip.click();
    }
    await this.rowsReady();
  }

  get grid(): Locator {
    return this.page.getByTestId('update-rows-grid');
  }

  async rowsReady(): Promise<void> {
    await expect(this.grid).toHaveAttribute('data-ready', 'true');
  }

  /** The preview row for the list's row number `row`. */
  row(row: number): Locator {
    return this.grid.locator(`[data-testid="update-row"][data-row="${row}"]`);
  }

  /** The preview row of `email`. */
  rowOf(email: string): Locator {
    return this.grid.getByTestId('update-row').filter({ hasText: email });
  }

  get rows(): Locator {
    return this.grid.getByTestId('update-row');
  }

  get details(): Locator {
    return this.page.getByTestId('update-row-details');
  }

  async apply(fileName: string): Promise<void> {
    await this.page.getByTestId('update-file-name').fill(fileName);
    await this.page.getByTestId('update-apply').click();
    await expect(this.results).toBeVisible();
  }

  get results(): Locator {
    return this.page.getByTestId('update-results');
  }

  result(name: ResultCount): Locator {
    return this.page.getByTestId(`update-result-${name}`);
  }

  get outcomes(): Locator {
    return this.page.getByTestId('update-outcome');
  }

  /** "Earlier updates": the runs in the data folder, interrupted ones first on the page. */
  get runs(): Locator {
    return this.page.getByTestId('update-runs');
  }

  run(runId: string): Locator {
    return this.runs.locator(`[data-testid="update-run"][data-run-id="${runId}"]`);
  }

  /** Resume through the confirmation dialog (whose text is returned to check). */
  async resume(runId: string): Promise<string> {
    await this.run(runId).getByTestId('update-run-resume').click();
    const dialog = this.page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    const text = await dialog.innerText();
    await dialog.getByTestId('confirm-ok').click();
    await expect(this.results).toBeVisible();
    return text;
  }

  /** Revert, through the confirmation dialog; waits for the revert's result. */
  async revert(): Promise<Locator> {
    await this.page.getByTestId('update-revert').click();
    const dialog = this.page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('confirm-ok').click();
    const result = this.page.getByTestId('update-revert-result');
    await expect(result).toBeVisible();
    return result;
  }
}
