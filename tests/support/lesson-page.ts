import type { Page } from 'playwright-core';

/** What a learner does on a lesson page, expressed once for every browser test. */
export class LessonPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(baseUrl: string, stepId: string): Promise<void> {
    await this.page.goto(new URL(`/lessons/${stepId}/`, baseUrl).toString());
    await this.explainTimeout('the editor', () => this.page.waitForSelector('[data-workspace][data-editor-ready="true"]', { timeout: 90_000 }));
    await this.explainTimeout('the sandbox', () => this.page.waitForSelector('[data-workspace][data-sandbox-ready="true"]', { timeout: 90_000 }));
  }

  /**
   * Follows the pager's "next" link, as a learner moves on: the page is swapped in place (no reload) and the
   * sandbox of the visit is moved to the step, so this waits for that step's editor and backend.
   */
  async next(stepId: string): Promise<void> {
    await this.page.locator('a[data-step-link="next"]').click();
    await this.waitForStep(stepId);
  }

  async waitForStep(stepId: string): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === `/lessons/${stepId}/`, { timeout: 90_000 });
    await this.explainTimeout(`step ${stepId}`, () =>
      this.page.waitForSelector(`[data-workspace][data-step-id="${stepId}"][data-editor-ready="true"][data-sandbox-ready="true"]`, { timeout: 90_000 }),
    );
  }

  /** A deadline that passes says what the page showed, so a CI failure can be understood from its log alone. */
  async explainTimeout<T>(what: string, wait: () => Promise<T>): Promise<T> {
    try {
      return await wait();
    } catch (error) {
      const state = await this.page
        .evaluate(() => {
          const root = document.querySelector<HTMLElement>('[data-workspace]');
          return {
            dataset: { ...root?.dataset },
            status: document.querySelector('[data-sandbox-status]')?.textContent ?? '',
            notice: document.querySelector('[data-workspace-notice]')?.textContent ?? '',
            problems: `${document.querySelector('[data-problems]')?.textContent ?? ''} ${(document.querySelector('[data-problems]') as HTMLElement | null)?.title ?? ''}`,
            terminal: (document.querySelector('[data-terminal-host] .xterm-rows') as HTMLElement | null)?.innerText.slice(-3000) ?? '',
          };
        })
        .catch((inner: unknown) => ({ unreadable: String(inner) }));
      throw new Error(`Waiting for ${what} failed: ${(error as Error).message.split('\n')[0]}\nPage state: ${JSON.stringify(state, null, 1)}`, { cause: error });
    }
  }

  /** Opens a file from the tree and replaces its text by typing into Monaco, as a learner would paste it. */
  async replaceFile(path: string, contents: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: path, exact: true }).click();
    await this.focusEditor();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.paste(contents);
    await this.waitSaved();
  }

  /**
   * Pastes text where the editor's cursor is, through a paste event as a learner's Ctrl+V makes it. Typing it
   * instead (keyboard.insertText) lets Monaco auto-close brackets in JSON, which doubles the closing braces.
   */
  async paste(text: string): Promise<void> {
    await this.page.evaluate((pasted) => {
      const data = new DataTransfer();
      data.setData('text/plain', pasted);
      (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /** Creates a file through New file and its dialog, and waits until the file list shows it. */
  async newFile(path: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New file' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New file' });
    await dialog.getByRole('textbox', { name: /Path of the new file/ }).fill(path);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await this.page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: path, exact: true }).waitFor();
  }

  async typeAtTop(path: string, text: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: path, exact: true }).click();
    await this.focusEditor();
    await this.page.keyboard.press('ControlOrMeta+Home');
    await this.page.keyboard.type(text);
    await this.waitSaved();
  }

  /** Clicks into the text, as a learner would (Monaco takes input through EditContext in Chromium, not a textarea). */
  async focusEditor(): Promise<void> {
    await this.page.locator('[data-editor-host] .monaco-editor .view-lines').first().click();
    await this.page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') !== null);
  }

  async waitSaved(): Promise<void> {
    await this.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.saveState === 'saved');
  }

  async editorText(): Promise<string> {
    return this.page.locator('[data-editor-host] .view-lines').innerText();
  }

  /** Presses Run checks and waits until the run has finished. */
  async runChecks(): Promise<Array<{ title: string; status: string; text: string }>> {
    await this.page.getByRole('button', { name: 'Run checks' }).click();
    const region = this.page.getByRole('region', { name: 'Checks' });
    await this.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.checkRun === 'done', undefined, {
      timeout: 60_000,
    });
    const items = region.locator('.check');
    const results: Array<{ title: string; status: string; text: string }> = [];
    for (let i = 0; i < (await items.count()); i++) {
      const item = items.nth(i);
      results.push({
        title: (await item.locator('.check-title').innerText()).trim(),
        status: (await item.locator('.check-status').innerText()).trim(),
        text: await item.innerText(),
      });
    }
    return results;
  }
}
