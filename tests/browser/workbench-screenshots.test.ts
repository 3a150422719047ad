import { describe, test } from 'node:test';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { repoRoot } from '../support/workshop-server.ts';
import { STEP, appendToFile, openLesson, waitForProblems, waitForTypes } from '../support/workbench.ts';
import { LessonPage } from '../support/lesson-page.ts';

/**
 * Refreshes the README's screenshots of the workbench (public/screenshots/). Skipped in normal runs: writing
 * into public/ would make every later `npm start` rebuild the site.
 */
const enabled = process.env.WORKSHOP_SCREENSHOTS === '1';
const shot = (page: Page, name: string) => page.screenshot({ path: join(repoRoot, 'public', 'screenshots', name) });

describe('README screenshots', { skip: enabled ? false : 'set WORKSHOP_SCREENSHOTS=1 to refresh public/screenshots/' }, () => {
  const suite = useWorkshopAndBrowser();

  for (const theme of ['light', 'dark'] as const) {
    test(`workbench, solution diff, course progress (${theme})`, async () => {
      const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url, { colorScheme: theme });
      await waitForTypes(page);
      await appendToFile(lesson, 'backend/services/home_activities.js', "\nconst { trace } = require('@opentelemetry/api');\ntrace.getTracer('home.activities').startSpan('probe').setAtribute('app.now', 1);\n");
      await waitForProblems(page, /^1 error/);
      await lesson.runChecks();
      await lesson.runChecks();
      await page.locator('.check-evidence').first().evaluate((el) => el.removeAttribute('open'));
      await page.mouse.move(10, 10);
      await shot(page, `workbench-${theme}.png`);

      await page.getByRole('button', { name: 'Compare with solution' }).click();
      const dialog = page.getByRole('dialog', { name: 'Compare with solution' });
      await dialog.locator('.monaco-diff-editor').waitFor();
      await dialog.getByRole('button', { name: /backend\/tracing\.js/ }).click();
      await dialog.getByRole('button', { name: /home_activities\.js/ }).click();
      await page.waitForTimeout(500);
      await shot(page, `solution-diff-${theme}.png`);
      await page.keyboard.press('Escape');

      await page.goto(suite.workshop.url);
      await page.waitForSelector('[data-progress-ready]');
      await shot(page, `course-progress-${theme}.png`);
      await context.close();
    });
  }

  test('shortcuts, search, phone', async () => {
    const { context, page } = await openLesson(suite.browser, suite.workshop.url, { colorScheme: 'light' });
    await page.locator('[data-lesson]').focus();
    await page.keyboard.press('Shift+?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(page, 'keyboard-shortcuts-light.png');
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('span attributes');
    await page.locator('.search-result-link').first().waitFor();
    await shot(page, 'search-light.png');
    await context.close();

    const phone = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true, deviceScaleFactor: 2 });
    const phonePage = await phone.newPage();
    await new LessonPage(phonePage).open(suite.workshop.url, STEP);
    await shot(phonePage, 'lesson-phone-dark.png');
    await phone.close();
  });
});
