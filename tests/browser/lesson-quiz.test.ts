/**
 * The lesson quiz (src/components/Quiz.astro + quiz-client.ts) on a built reading step: a choice picked with the
 * keyboard is judged at once with its own explanation, announced, remembered across a reload, and passes axe.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

const stepPath = '/lessons/00-welcome/02-observability-and-tracing/';
const quiz = 'fieldset[data-quiz="signal-for-slow-request"]';

describe('lesson quiz', () => {
  const suite = useWorkshopAndBrowser();

  test('keyboard answers get immediate feedback per choice, are saved, and pass axe', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(new URL(stepPath, suite.workshop.url).toString());
    await page.waitForSelector(`${quiz}[data-ready]`, { timeout: 90_000 });
    const fieldset = page.locator(quiz);
    const why = (choice: string) => fieldset.locator('li', { has: page.getByRole('radio', { name: choice, exact: true }) }).locator('[data-why]');

    assert.equal(await why('Metrics').isVisible(), false, 'no explanation before an answer');
    assert.equal(await why('A trace').isVisible(), false);

    // Tab into the group and move with the arrow keys, as with any radio group.
    await page.getByRole('radio', { name: 'Metrics', exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('radio', { name: 'A trace', exact: true }).isChecked(), true);
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-answered') === 'right', quiz);
    assert.match(await fieldset.locator('[role="status"]').innerText(), /^Right\. A trace holds every span/);
    assert.equal(await why('A trace').isVisible(), true);
    assert.equal(await why('Metrics').isVisible(), false);

    await page.keyboard.press('ArrowUp');
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-answered') === 'wrong', quiz);
    assert.match(await fieldset.locator('[role="status"]').innerText(), /^Not quite\. Metrics can show/);
    assert.equal(await why('Metrics').isVisible(), true);

    assert.equal(describeViolations(await axeViolations(page, quiz)), '', 'the answered quiz passes axe');

    await page.reload();
    await page.waitForSelector(`${quiz}[data-ready]`, { timeout: 90_000 });
    assert.equal(await page.getByRole('radio', { name: 'Metrics', exact: true }).isChecked(), true, 'the answer survives a reload');
    assert.equal(await page.locator(quiz).getAttribute('data-answered'), 'wrong');
    assert.equal(await why('Metrics').isVisible(), true);
    // Other quizzes on the page keep their own state.
    assert.equal(await page.locator('fieldset[data-quiz="span-parent"]').getAttribute('data-answered'), null);
    await context.close();
  });
});
