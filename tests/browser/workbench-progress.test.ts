import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { STEP, fileButton, solveUnasked } from '../support/workbench.ts';
import { LessonPage } from '../support/lesson-page.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

async function overview(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.waitForSelector('[data-course-overview][data-progress-ready]');
}

describe('progress: overview, time spent, export and import', () => {
  const suite = useWorkshopAndBrowser();

  test('active time on a step and its completion show on the overview; export gives one JSON file; import restores it elsewhere', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const lesson = new LessonPage(page);
    await overview(page, suite.workshop.url);
    assert.match(await page.locator(`[data-progress-for="${STEP}"]`).innerText(), /not started/);

    await lesson.open(suite.workshop.url, STEP);
    await solveUnasked(lesson);
    for (let i = 0; i < 4; i++) {
      await page.mouse.move(200 + i * 40, 300);
      await page.mouse.wheel(0, 200);
      await page.waitForTimeout(1000);
    }
    const results = await lesson.runChecks();
    assert.deepEqual(results.filter((r) => r.status !== 'passed').map((r) => r.title), []);

    await overview(page, suite.workshop.url);
    assert.match(await page.locator(`[data-progress-for="${STEP}"]`).innerText(), /✓ done/);
    const spent = page.locator(`[data-time-for="${STEP}"]`);
    const ms = Number(await spent.getAttribute('data-time-ms'));
    assert.ok(ms >= 3_000 && ms < 10 * 60_000, `active time recorded: ${ms} ms`);
    assert.match(await spent.innerText(), /< 1 min|\d+ min/);
    assert.match(await page.locator('[data-course-summary]').innerText(), /^1 of \d+ steps done · /);
    // The chapter that holds the step (its counter lists the chapter's step ids).
    assert.match(await page.locator(`[data-chapter-count~="${STEP}"]`).innerText(), /^1 of \d+ steps done$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress and files' }).click()]);
    assert.match(download.suggestedFilename(), /^cruddur-workshop-progress-\d{4}-\d\d-\d\d\.json$/);
    // Read now: the download's file goes away with its browser context.
    const exportedText = readFileSync(await download.path(), 'utf8');
    const exported = JSON.parse(exportedText) as { format: string; completed: Record<string, unknown>; timeSpentMs: Record<string, number>; files: Record<string, Record<string, string>> };
    assert.equal(exported.format, 'cruddur-workshop-progress');
    assert.ok(exported.completed[STEP]);
    assert.ok(exported.timeSpentMs[STEP]! > 0);
    assert.match(exported.files[STEP]!['backend/tracing.js'] ?? '', /NodeSDK/);
    assert.equal(describeViolations(await axeViolations(page)), '');
    await context.close();

    // Another browser profile: a broken file is refused with reasons, the export is taken.
    const fresh = await suite.browser.newContext();
    const other = await fresh.newPage();
    await overview(other, suite.workshop.url);
    const chooseFile = async (name: string, contents: string) => {
      const [chooser] = await Promise.all([other.waitForEvent('filechooser'), other.getByRole('button', { name: 'Import a progress file…' }).click()]);
      await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(contents) });
    };
    await chooseFile('broken.json', JSON.stringify({ format: 'cruddur-workshop-progress', version: 1, files: { [STEP]: { '../../etc/passwd': 'x' } } }));
    const alert = other.getByRole('alert');
    await alert.filter({ hasText: 'The file was not imported' }).waitFor();
    assert.match(await alert.innerText(), /"\.\.\/\.\.\/etc\/passwd" is not a usable file path/);
    await chooseFile('notes.txt', 'just some notes');
    await alert.filter({ hasText: 'not valid JSON' }).waitFor();
    assert.equal(describeViolations(await axeViolations(other)), '', 'the error report passes axe');

    await chooseFile('progress.json', exportedText);
    const confirm = other.getByRole('dialog', { name: 'Replace your progress?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Replace with imported progress' }).click();
    await other.getByRole('status').filter({ hasText: 'Imported 1 completed step(s)' }).waitFor();
    assert.equal(await alert.innerText(), '');
    assert.match(await other.locator(`[data-progress-for="${STEP}"]`).innerText(), /✓ done/);
    assert.equal(Number(await other.locator(`[data-time-for="${STEP}"]`).getAttribute('data-time-ms')), exported.timeSpentMs[STEP]);

    const lessonElsewhere = new LessonPage(other);
    await lessonElsewhere.open(suite.workshop.url, STEP);
    await fileButton(other, 'backend/tracing.js').click();
    assert.match(await lessonElsewhere.editorText(), /NodeSDK/, 'the files came along');
    await fresh.close();
  });
});
