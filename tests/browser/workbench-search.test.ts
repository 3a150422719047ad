import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { STEP } from '../support/workbench.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

async function search(page: Page, term: string): Promise<string> {
  const input = page.getByRole('searchbox', { name: 'Search the lessons' });
  await input.fill(term);
  const status = page.locator('[data-search-status]');
  await page.waitForFunction((wanted) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(`“${wanted}”`), term, { timeout: 60_000 });
  return status.innerText();
}

describe('search', () => {
  const suite = useWorkshopAndBrowser();

  test('the header search finds lesson text and links to the step; Pagefind loads only on first use', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const pagefindRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/pagefind/')) pagefindRequests.push(request.url());
    });
    await page.goto(suite.workshop.url);
    await page.waitForLoadState('load');
    assert.deepEqual(pagefindRequests, [], 'nothing of Pagefind before the search box is used');

    // Several steps use startActiveSpan; the step that introduces it is among the results.
    assert.match(await search(page, 'startActiveSpan'), /^\d+ steps? match/);
    const results = page.locator('[data-search-list] a.search-result-link');
    const paths = (await results.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))).map((href) => new URL(href, suite.workshop.url).pathname);
    assert.ok(paths.includes(`/lessons/${STEP}/`), paths.join(', '));
    assert.match(await results.nth(paths.indexOf(`/lessons/${STEP}/`)).innerText(), /Create a span around the home activities mock data/);
    assert.match(await page.locator('.search-excerpt mark').first().innerText(), /startActiveSpan/i);
    assert.equal(describeViolations(await axeViolations(page)), '', 'open results pass axe');

    // Keyboard: ArrowDown from the box to the results, Enter follows the first link.
    await page.getByRole('searchbox', { name: 'Search the lessons' }).press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('search-result-link')), true);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`${paths[0]}$`));
    await context.close();
  });

  test('only lesson text is indexed: not the overview, not the workspace', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(suite.workshop.url);
    // The overview says "Cruddur" too: every result is a lesson step, never the overview itself.
    assert.match(await search(page, 'Cruddur'), /^\d+ steps? match/);
    const hrefs = await page.locator('[data-search-list] a.search-result-link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    assert.ok(hrefs.length > 0 && hrefs.every((href) => new URL(href, suite.workshop.url).pathname.startsWith('/lessons/')), hrefs.join(', '));
    assert.match(await search(page, 'Preparing'), /No lesson mentions/, 'workspace text');
    // Amazon Detective comes up in one step only (06-security/01).
    assert.match(await search(page, 'Detective'), /^1 step matches/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-search-results]').isHidden(), true, 'Escape closes the results');
    await context.close();
  });
});
