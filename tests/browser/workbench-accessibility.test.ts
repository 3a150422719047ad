import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { openLesson } from '../support/workbench.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

const background = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
/** Relative luminance, roughly: is this colour dark? */
const isDark = (rgb: string) => {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 100;
};

describe('accessibility and themes', () => {
  const suite = useWorkshopAndBrowser();

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds nothing on the lesson page, the check results and the course overview (${colorScheme})`, async () => {
      const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url, { colorScheme });
      await page.locator('.terminal-host .xterm').waitFor();
      assert.equal(describeViolations(await axeViolations(page)), '', 'lesson page');

      const results = await lesson.runChecks();
      assert.ok(results.some((r) => r.status === 'failed'));
      // The outcome is announced: the summary is a polite live region that ends with the result sentence.
      const summary = page.locator('[data-checks-summary]');
      assert.equal(await summary.getAttribute('role'), 'status');
      assert.match(await summary.innerText(), /^\d+ of \d+ checks passed: \d+ failed(, \d+ waiting)?\. The results are listed below\.$/);
      // Colour is never the only signal: each result has an icon and a status word.
      for (const r of results) assert.match(r.text, /^[✓✗…]\s*(passed|failed|waiting)\b/);
      await page.locator('.check-evidence summary').first().click();
      assert.equal(describeViolations(await axeViolations(page)), '', 'check panel with results');

      await page.goto(suite.workshop.url);
      await page.waitForSelector('[data-progress-ready]');
      assert.equal(describeViolations(await axeViolations(page)), '', 'course overview');
      await context.close();
    });
  }

  test('New file asks in a dialog: a bad path is explained there, Escape cancels, a good one is created and opened', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    const newFileButton = page.getByRole('button', { name: 'New file' });
    const dialog = page.getByRole('dialog', { name: 'New file' });
    const path = dialog.getByRole('textbox', { name: /Path of the new file/ });
    await newFileButton.click();
    assert.equal(await path.evaluate((input) => input === document.activeElement), true, 'the path field has the focus');
    await path.fill('../../etc/passwd');
    await path.press('Enter');
    const error = dialog.getByRole('alert');
    await error.filter({ hasText: 'cannot be a file of the app' }).waitFor();
    assert.equal(await path.getAttribute('aria-invalid'), 'true');
    assert.equal(await dialog.isVisible(), true, 'the dialog stays open to correct the path');
    assert.equal(describeViolations(await axeViolations(page, 'dialog')), '', 'the dialog with its error');
    await path.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await newFileButton.evaluate((button) => button === document.activeElement), true, 'focus is back on New file');

    await lesson.newFile('backend/lib/new-helper.js');
    const created = page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'backend/lib/new-helper.js', exact: true });
    assert.equal(await created.getAttribute('aria-current'), 'true', 'the new file is open');
    await context.close();
  });

  test('the theme follows the system until chosen; the choice persists; Monaco and the terminal follow it', async () => {
    const { context, page } = await openLesson(suite.browser, suite.workshop.url, { colorScheme: 'dark' });
    await page.locator('.terminal-host .xterm').waitFor();
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'dark by default on a dark system');
    assert.ok(isDark(await background(page, 'body')));
    assert.ok(await page.locator('[data-editor-host] .monaco-editor.vs-dark').count(), 'Monaco dark');
    assert.equal(await background(page, '.xterm-scrollable-element'), 'rgb(22, 18, 31)', 'terminal dark');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.ok(!isDark(await background(page, 'body')));
    await page.locator('[data-editor-host] .monaco-editor.vs').waitFor();
    await page.waitForFunction(() => {
      const viewport = document.querySelector('.xterm-scrollable-element');
      return viewport && getComputedStyle(viewport).backgroundColor === 'rgb(251, 250, 255)';
    });

    await page.reload();
    await page.waitForSelector('[data-workspace][data-editor-ready="true"]');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light', 'kept across visits, applied before paint');
    assert.ok(!isDark(await background(page, 'body')));
    await page.locator('[data-editor-host] .monaco-editor.vs').waitFor();
    await context.close();
  });

  test('reduced motion turns animations and transitions off', async () => {
    const { context, page } = await openLesson(suite.browser, suite.workshop.url, { reducedMotion: 'reduce' });
    const styles = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.transition = 'opacity 2s';
      probe.style.animation = 'spin 2s infinite';
      document.body.append(probe);
      const style = getComputedStyle(probe);
      return { transition: style.transitionDuration, animation: style.animationName };
    });
    assert.deepEqual(styles, { transition: '0s', animation: 'none' });
    await context.close();
  });
});
