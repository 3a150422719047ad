import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { STEP, courseStepIds, fileButton, openLesson, storedEdits, workspaceData } from '../support/workbench.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

/** What has focus, in words a test can compare. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return 'none';
    if (el.closest('.monaco-editor')) return 'editor';
    if (el.closest('.xterm')) return 'terminal';
    return el.getAttribute('aria-label') || el.dataset.path || el.dataset.action || el.id || el.textContent?.trim().slice(0, 40) || el.tagName;
  });

describe('keyboard', () => {
  const suite = useWorkshopAndBrowser();

  test('Ctrl+S saves at once (no browser save dialog); Ctrl+Enter runs the checks from inside the editor', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    // Registered before the page's own listeners, so it sees whether the page prevented the default action.
    await page.evaluate(() => {
      (window as unknown as { keyLog: string[] }).keyLog = [];
      window.addEventListener('keydown', (event) => setTimeout(() => (window as unknown as { keyLog: string[] }).keyLog.push(`${event.key}:${event.defaultPrevented}`)), true);
    });
    await fileButton(page, 'backend/app.js').click();
    await lesson.focusEditor();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.insertText('// saved with the keyboard\n');
    await page.keyboard.press('ControlOrMeta+S');
    await lesson.waitSaved();
    assert.ok((await page.evaluate(() => (window as unknown as { keyLog: string[] }).keyLog)).some((entry) => /^[sS]:true$/.test(entry)), 'the browser never sees Ctrl+S');
    assert.equal(await page.locator('[data-save-indicator]').innerText(), 'All changes saved');

    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.checkRun === 'done', undefined, { timeout: 60_000 });
    assert.ok((await page.locator('.check').count()) >= 3);
    assert.match((await storedEdits(page))['backend/app.js'] ?? '', /^\/\/ saved with the keyboard\n\/\/ Cruddur backend/, 'saved, and Ctrl+Enter inserted no line in the editor');
    await context.close();
  });

  test('Alt+PageDown goes to the next step (or back to the course after the last); Alt+PageUp to the previous', async () => {
    const steps = courseStepIds();
    const index = steps.indexOf(STEP);
    const { context, page } = await openLesson(suite.browser, suite.workshop.url);
    await page.locator('[data-lesson]').focus();
    const previous = steps[index - 1];
    await page.keyboard.press('Alt+PageUp');
    if (previous) {
      await page.waitForURL(new RegExp(`/lessons/${previous}/$`));
      // The step keys are wired by the time the editor is (src/workspace/main.ts).
      await page.waitForSelector('[data-workspace][data-editor-ready="true"]', { timeout: 90_000 });
      await page.locator('[data-lesson]').focus();
      await page.keyboard.press('Alt+PageDown');
      await page.waitForURL(new RegExp(`/lessons/${STEP}/$`));
      await page.waitForSelector('[data-workspace][data-editor-ready="true"]', { timeout: 90_000 });
    } else {
      await page.waitForTimeout(500);
      assert.match(page.url(), new RegExp(`/lessons/${STEP}/$`), 'no previous step: stays');
    }
    await page.locator('[data-lesson]').focus();
    await page.keyboard.press('Alt+PageDown');
    const next = steps[index + 1];
    await page.waitForURL(next ? new RegExp(`/lessons/${next}/$`) : new RegExp(`^${suite.workshop.url.replace(/\/$/, '')}/$`));
    await context.close();
  });

  test('Tab reaches every panel; Alt+1…5 jump to them; the file list works with the arrow keys', async () => {
    const { context, page } = await openLesson(suite.browser, suite.workshop.url);
    const seen: string[] = [];
    await page.locator('body').focus();
    for (let i = 0; i < 45 && !seen.includes('editor'); i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused(page));
    }
    for (const stop of ['Skip to content', 'site-search-input', 'Resize the lesson text and the workspace', 'run-checks', 'compare', 'solve', 'reset', 'export-menu', 'shortcuts', 'backend/services/home_activities.js', 'new-file', 'editor']) {
      assert.ok(seen.some((name) => name === stop || name.startsWith(stop)), `Tab reaches ${stop}: ${seen.join(' | ')}`);
    }
    assert.ok(seen.includes('lesson'), `the lesson text is a tab stop: ${seen.join(' | ')}`);
    // Ctrl+M (Monaco's tab-focus mode) lets Tab leave the editor, on to the lower panels.
    await page.keyboard.press('Control+M');
    const after: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      after.push(await focused(page));
    }
    for (const stop of ['Resize the editor and the checks and output below it', 'Checks', 'Resize the checks and the output', 'tab-terminal']) {
      assert.ok(after.includes(stop), `then ${stop}: ${after.join(' | ')}`);
    }

    await page.keyboard.press('Alt+3');
    assert.equal(await focused(page), 'editor');
    await page.keyboard.press('Alt+4');
    assert.equal(await focused(page), 'Checks');
    await page.keyboard.press('Alt+5');
    assert.equal(await focused(page), 'tab-terminal');
    await page.keyboard.press('Alt+1');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson');
    await page.keyboard.press('Alt+2');
    assert.equal(await focused(page), 'backend/services/home_activities.js');

    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(page), 'backend/services/message_groups.js');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('[data-editor-file]').innerText(), 'backend/services/message_groups.js');
    assert.equal(await focused(page), 'backend/services/message_groups.js', 'focus stays in the list');
    await page.keyboard.press('Home');
    assert.equal(await focused(page), await page.locator('.file-button').first().getAttribute('data-path'));
    await page.keyboard.press('End');
    assert.equal(await focused(page), await page.locator('.file-button').last().getAttribute('data-path'));
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'new-file', 'the list is one Tab stop');
    await context.close();
  });

  test('"?" and the Shortcuts button open the list of shortcuts, which passes axe', async () => {
    const { context, page } = await openLesson(suite.browser, suite.workshop.url);
    await page.locator('[data-lesson]').focus();
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const text = await dialog.innerText();
    for (const wanted of ['Ctrl+S', 'Ctrl+Enter', 'Alt+Page Down', 'Alt+Page Up', 'Ctrl+M', 'F8']) assert.ok(text.includes(wanted), wanted);
    assert.deepEqual(describeViolations(await axeViolations(page)), '');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson', 'focus goes back');

    // Typing "?" in the editor is text, not a shortcut.
    await page.keyboard.press('Alt+3');
    await page.keyboard.type('?');
    assert.equal(await dialog.count(), 0);

    await page.getByRole('button', { name: 'Keyboard Shortcuts' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await workspaceData(page, 'checkRun'), undefined);
    await context.close();
  });
});
