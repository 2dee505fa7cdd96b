import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The few DOM APIs the in-page code uses: tsconfig.node has no DOM lib, on purpose. */
interface PageGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
}

export type CountName = 'rows' | 'valid' | 'invalid' | 'duplicates' | 'dropped';

/** The Lists page and an open list (import view), as a user sees them. */
export class ListsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-lists').click();
    await expect(this.page.getByTestId('lists-page')).toHaveAttribute('data-ready', 'true');
  }

  /** Drops a file built in the page from `bytes` onto the Lists page, as Finder/Explorer would. */
  async dropFile(name: string, bytes: Uint8Array, type = 'text/csv'): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ data, fileName, mime }) => {
        const { DataTransfer, File } = globalThis as unknown as PageGlobals;
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], fileName, { type: mime }));
        return transfer;
      },
      { data: Array.from(bytes), fileName: name, mime: type },
    );
    const target = this.page.getByTestId('lists-page');
    await target.dispatchEvent('dragenter', { dataTransfer });
    await target.dispatchEvent('dragover', { dataTransfer });
    await target.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }

  get view(): Locator {
    return this.page.getByTestId('import-view');
  }

  /** Waits until the whole list is loaded and no operation runs. */
  async waitLoaded(): Promise<void> {
    await expect(this.view).toHaveAttribute('data-ready', 'true');
    await expect(this.grid).toHaveAttribute('data-ready', 'true');
  }

  count(name: CountName): Locator {
    return this.page.getByTestId(`count-${name}`);
  }

  get detection(): Locator {
    return this.page.getByTestId('detection-panel');
  }

  mappingRow(column: number): Locator {
    return this.page.locator(`[data-testid="mapping-row"][data-column="${column}"]`);
  }

  async mapColumn(column: number, field: string): Promise<void> {
    await this.page.getByTestId(`mapping-select-${column}`).selectOption(field);
    await this.waitLoaded();
  }

  async savePreset(name: string): Promise<void> {
    await this.page.getByTestId('preset-name').fill(name);
    await this.page.getByTestId('preset-save').click();
    await expect(this.page.getByTestId('preset-saved')).toContainText(name);
  }

  get grid(): Locator {
    return this.page.getByTestId('data-grid');
  }

  /** The grid row holding source line `line`. */
  row(line: number): Locator {
    return this.grid.locator(`[data-testid="grid-row"][data-line="${line}"]`);
  }

  cell(line: number, column: number): Locator {
    return this.row(line).locator(`[role="gridcell"][data-col="${column}"]`);
  }

  /** Edits a cell with the keyboard: select it, Enter, type, Enter. */
  async editCell(line: number, column: number, value: string): Promise<void> {
    await this.cell(line, column).click();
    await this.grid.press('Enter');
    const editor = this.grid.getByTestId('cell-editor');
    await editor.fill(value);
    await editor.press('Enter');
    await expect(editor).toHaveCount(0);
    await this.waitLoaded();
  }

  async showRows(filter: 'all' | 'errors' | 'duplicates' | 'valid'): Promise<void> {
    await this.page.getByTestId(`filter-${filter}`).click();
    await expect(this.grid).toHaveAttribute('data-ready', 'true');
  }

  async resolveDuplicates(strategy: 'keep-first' | 'keep-last' | 'merge'): Promise<void> {
    await this.page.getByTestId('duplicates-strategy').selectOption(strategy);
    await this.page.getByTestId('duplicates-resolve').click();
    await expect(this.page.getByTestId('duplicates-result')).toBeVisible();
    await this.waitLoaded();
  }

  async saveList(name: string): Promise<void> {
    await this.page.getByTestId('list-name').fill(name);
    await this.page.getByTestId('list-save').click();
    await expect(this.page.getByTestId('list-saved')).toBeVisible();
  }

  /** Exports as CSV and returns the path of the file written (shown in the UI). */
  async exportCsv(options: { bom: boolean; validOnly?: boolean; delimiter?: string }) {
    const panel = this.page.getByTestId('export-panel');
    if (!(await panel.isVisible())) await this.page.getByTestId('export-toggle').click();
    await panel.getByTestId('export-format').selectOption('csv');
    await panel.getByTestId('export-bom').setChecked(options.bom);
    await panel.getByTestId('export-valid-only').setChecked(options.validOnly ?? false);
    if (options.delimiter)
      await panel.getByTestId('export-delimiter').selectOption(options.delimiter);
    await panel.getByTestId('export-start').click();
    const path = panel.getByTestId('export-path');
    await expect(path).toBeVisible();
    return (await path.textContent()) ?? '';
  }

  savedList(name: string): Locator {
    return this.page.locator(`[data-testid="saved-list"][data-name="${name}"]`);
  }

  async openSaved(name: string): Promise<void> {
    await this.savedList(name).getByTestId('saved-list-open').click();
    await this.waitLoaded();
  }

  async backToLists(): Promise<void> {
    await this.page.getByTestId('import-close').click();
  }
}
