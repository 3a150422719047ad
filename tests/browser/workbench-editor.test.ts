import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { appendToFile, hoverUntil, openLesson, solveUnasked, waitForProblems, waitForTypes, workspaceData } from '../support/workbench.ts';

// A type error that cannot fail at runtime (the branch never runs), so the checks still pass. Plain lines without a
// doc comment, so no editor behaviour (comment continuation, auto-indent) stands between what is typed and what
// lands: a loaded CI run once counted 2 errors here instead of 1 (the problems line now names them on failure).
const MISSPELT = "\nconst probeSpan = require('@opentelemetry/api').trace.getTracer('probe').startSpan('probe');\nif (process.env.NEVER_SET) probeSpan.setAtribute('app.extra', 1);\n";

describe('type-aware editing', () => {
  const suite = useWorkshopAndBrowser();

  test('the type bundle loads after the editor, not with the page', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const requests: { url: string; afterLoad: boolean }[] = [];
    let loaded = false;
    page.on('load', () => (loaded = true));
    page.on('request', (request) => requests.push({ url: request.url(), afterLoad: loaded }));
    await page.goto(new URL(`/lessons/01-honeycomb/01-home-activities-span/`, suite.workshop.url).toString());
    await waitForTypes(page);
    const types = requests.filter((r) => r.url.endsWith('/types/workbench.json'));
    assert.equal(types.length, 1);
    assert.ok(types[0]!.afterLoad, 'requested only after the load event');
    assert.ok(!requests.some((r) => /ts\.worker/.test(r.url) && !r.afterLoad), 'the TypeScript worker is not part of the first load');
    await context.close();
  });

  test('a misspelt span method gets a red squiggle, a hover naming the right method, and the checks still run', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    await waitForTypes(page);
    await solveUnasked(lesson);
    await appendToFile(lesson, 'backend/services/home_activities.js', MISSPELT);
    assert.equal(await waitForProblems(page, /^1 error\b/), '1 error (F8 goes to the next)');
    await page.locator('[data-editor-host] .squiggly-error').first().waitFor();

    await hoverUntil(page, 'setAtribute', "Did you mean 'setAttribute'?");

    // Hover docs on a correct call come from the package's own doc comments.
    await page.mouse.move(0, 0);
    await page.keyboard.press('ControlOrMeta+Home');
    await hoverUntil(page, 'getTracer', 'getTracer(name: string, version?: string): Tracer');

    // Editor errors never block the checks: this code runs fine, so every check passes.
    const results = await lesson.runChecks();
    assert.deepEqual(results.filter((r) => r.status !== 'passed').map((r) => r.text), []);
    assert.equal(await workspaceData(page, 'stepComplete'), 'true');
    await context.close();
  });

  test('completion after "span." lists the Span API', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    await waitForTypes(page);
    await appendToFile(lesson, 'backend/services/home_activities.js', "\nconst probe = require('@opentelemetry/api').trace.getTracer('probe').startSpan('probe');\n");
    await page.keyboard.type('probe.');
    const suggest = page.locator('.suggest-widget:visible');
    // Typing "." opens the list; on a loaded machine the worker can answer after that first request gave up, so
    // ask again with Ctrl+Space, as a learner would.
    for (let attempt = 0; ; attempt++) {
      try {
        await suggest.filter({ hasText: 'setAttribute' }).waitFor({ timeout: 20_000 });
        break;
      } catch (error) {
        if (attempt === 2) throw error;
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Space');
      }
    }
    const labels = await suggest.locator('.monaco-list-row').allInnerTexts();
    for (const name of ['addEvent', 'end', 'recordException']) assert.ok(labels.some((label) => label.includes(name)), `${name} in ${labels.join(', ')}`);
    await page.keyboard.press('Escape');
    await context.close();
  });
});
