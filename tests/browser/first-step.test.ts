import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { LessonPage } from '../support/lesson-page.ts';
import { solutionDelta } from '../../src/lessons/step-files.ts';

const STEP = '01-honeycomb/01-home-activities-span';

describe('first step, end to end in Chromium against the workshop server', () => {
  const suite = useWorkshopAndBrowser();

  test('the unchanged starter fails its checks, with a hint', async () => {
    const context = await suite.browser.newContext();
    const lesson = new LessonPage(await context.newPage());
    await lesson.open(suite.workshop.url, STEP);
    const results = await lesson.runChecks();
    assert.ok(results.length >= 3, `expected the step's checks, got ${JSON.stringify(results)}`);
    const failed = results.filter((r) => r.status === 'failed');
    assert.ok(failed.length > 0, 'the starter has no tracing, so some check must fail');
    assert.ok(failed.some((r) => /Hint:/.test(r.text)), 'a failed check offers a hint');
    // Checks that need a failed one are not judged: they stay "waiting" and say what they wait for.
    for (const r of results) assert.match(r.status, /^(passed|failed|waiting)$/);
    assert.ok(results.filter((r) => r.status === 'waiting').every((r) => /waiting for .* to pass first/i.test(r.text)), JSON.stringify(results));
    await context.close();
  });

  test('typing the solution into the editor makes every check pass', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const lesson = new LessonPage(page);
    await lesson.open(suite.workshop.url, STEP);
    const existing = await page.getByRole('navigation', { name: 'Files' }).getByRole('button').allInnerTexts();
    for (const [path, contents] of Object.entries(solutionDelta(STEP))) {
      if (!existing.includes(path)) await lesson.newFile(path);
      await lesson.replaceFile(path, contents);
    }
    const results = await lesson.runChecks();
    assert.deepEqual(
      results.filter((r) => r.status !== 'passed').map((r) => r.text),
      [],
      'every check passes on the typed solution',
    );
    await page.getByText('Step complete').waitFor();
    await context.close();
  });

  test('edits survive a reload; Reset restores the starting files; Solve shows the solution', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const lesson = new LessonPage(page);
    await lesson.open(suite.workshop.url, STEP);
    const marker = `// my note ${Date.now()}\n`;
    await lesson.typeAtTop('backend/app.js', marker);
    await page.reload();
    await lesson.open(suite.workshop.url, STEP);
    await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'backend/app.js', exact: true }).click();
    assert.match(await lesson.editorText(), /my\snote/);

    // Reset asks first: keeping the files changes nothing, discarding puts the starting files back.
    const question = page.getByRole('dialog', { name: 'Reset this step’s files?' });
    await page.getByRole('button', { name: 'Reset' }).click();
    assert.match(await question.innerText(), /discards your changes to 1 file\(s\)/);
    await question.getByRole('button', { name: 'Keep my files' }).click();
    await question.waitFor({ state: 'detached' });
    assert.match(await lesson.editorText(), /my\snote/, 'Keep my files keeps them');
    await page.getByRole('button', { name: 'Reset' }).click();
    await question.getByRole('button', { name: 'Discard my changes' }).click();
    await page.waitForFunction(() => !/my\snote/.test(document.querySelector('[data-editor-host] .view-lines')?.textContent?.replace(/\u00a0/g, ' ') ?? ''));
    await lesson.waitSaved();
    assert.doesNotMatch(await lesson.editorText(), /my\snote/);
    await page.reload();
    await lesson.open(suite.workshop.url, STEP);
    await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'backend/app.js', exact: true }).click();
    assert.doesNotMatch(await lesson.editorText(), /my\snote/, 'Reset is persisted too');

    await page.getByRole('button', { name: 'Solve' }).click();
    await lesson.waitSaved();
    await page.getByRole('navigation', { name: 'Files' }).getByRole('button', { name: 'backend/tracing.js', exact: true }).click();
    assert.match(await lesson.editorText(), /NodeSDK/);
    await context.close();
  });
});
