/**
 * The Query, X-Ray, Rollbar and CloudWatch Logs views in the REAL workbench, on telemetry the REAL starter app
 * sent: a step late in the course (OpenTelemetry, X-Ray, Rollbar and CloudWatch logging all active) is solved
 * with the Solve button, the Requests view sends the Cruddur routes to the running backend, and each view is read
 * as a learner would (text, roles, keyboard), with axe on each. With WORKSHOP_SCREENSHOTS=1 it writes the README's
 * public/screenshots/telemetry-{query,xray,rollbar,logs}.png (panel maximised, 1440×900).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { useWorkshopAndBrowser, type WorkshopAndBrowser } from '../support/browser-suite.ts';
import { repoRoot } from '../support/workshop-server.ts';
import { courseStepIds, openLesson, solveUnasked } from '../support/workbench.ts';
import type { LessonPage } from '../support/lesson-page.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

/** The last step before the wrap-up that runs every SDK of the course: its solution logs from HomeActivities. */
const STEP_ID = '04-cloudwatch/02-home-activities-log';
const dataDeadline = 60_000;
const screenshots = process.env.WORKSHOP_SCREENSHOTS === '1';

describe('Telemetry views in the workbench, on telemetry from the starter app', () => {
  let context: BrowserContext;
  let page: Page;
  let lesson: LessonPage;

  const panel = (view: string): Locator => page.locator(`#tm-panel-${view}`);
  const statusOf = (view: string): Locator => panel(view).locator('[role=status]').first();

  /** Sends one preset route from the Requests view; the backend may still be restarting with the solved files. */
  async function send(label: string, expected: RegExp): Promise<string> {
    const requests = panel('requests');
    await page.getByRole('tab', { name: 'Requests' }).click();
    await requests.getByLabel('Route').selectOption({ label });
    for (let attempt = 1; attempt <= 15; attempt++) {
      const previous = await requests.locator('.tm-request-status').textContent();
      await requests.getByRole('button', { name: 'Send' }).click();
      // The status line reads "Sending…" first; then ok or error (a 4xx is an "error" state, as the learner sees it).
      await lesson.explainTimeout(`the response to ${label}`, () =>
        page.waitForFunction((previous) => {
          const line = document.querySelector<HTMLElement>('#tm-panel-requests .tm-request-status');
          return /^(ok|error)$/.test(line?.dataset.state ?? '') && line?.textContent !== previous && !/^Sending/.test(line?.textContent ?? '');
        }, previous, { timeout: 30_000 }),
      );
      const status = (await requests.locator('.tm-request-status').textContent()) ?? '';
      if (/request failed: .*(ECONNREFUSED|ECONNRESET|socket hang up)/i.test(status)) {
        await page.waitForTimeout(2000);
        continue;
      }
      assert.match(status, expected, `${label}: ${status}`);
      // X-Ray's default sampling rule keeps the first request of each second (reservoir 1/s, then 5%): one
      // request per second makes every one of them a trace, as a learner clicking Send would.
      await page.waitForTimeout(1100);
      return status;
    }
    throw new Error(`${label}: the backend never answered`);
  }

  /** Waits for the trace link of the last request, so the app's exporters are known to be running. */
  async function waitForTraceLink(): Promise<void> {
    const outcome = await lesson.explainTimeout('the trace link', () =>
      page.waitForFunction(() => {
        const line = document.querySelector('#tm-panel-requests .tm-trace-link');
        if (line?.querySelector('[data-trace-id]')) return 'found';
        return /No trace arrived/.test(line?.textContent ?? '') ? 'none' : false;
      }, undefined, { timeout: dataDeadline }),
    );
    assert.equal(await outcome.jsonValue(), 'found', 'the home feed request produced a trace');
  }

  async function openView(name: string, tab: string): Promise<void> {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    assert.equal(await page.getByRole('tab', { name: tab, exact: true }).getAttribute('aria-selected'), 'true');
    await lesson.explainTimeout(`the ${tab} view`, () => panel(name).locator('[data-mounted="true"]').waitFor({ timeout: dataDeadline }));
  }

  async function waitForStatus(view: string, text: RegExp): Promise<string> {
    const status = statusOf(view);
    try {
      await status.filter({ hasText: text }).waitFor({ timeout: dataDeadline });
    } catch (error) {
      throw new Error(`The ${view} status never matched ${text}; it reads "${await status.textContent()}"`, { cause: error });
    }
    return (await status.textContent()) ?? '';
  }

  async function expectNoAxeViolations(view: string): Promise<void> {
    assert.equal(describeViolations(await axeViolations(page, '.tm-root')), '', `the ${view} view passes axe`);
  }

  async function maximise(): Promise<void> {
    await page.getByRole('button', { name: 'Maximise' }).click();
    await page.locator('.tm-root.tm-maximised').waitFor();
  }

  /** Escape restores the panel; the screenshot is taken just before, while it fills the window. */
  async function screenshotAndRestore(name: string): Promise<void> {
    const path = screenshots ? join(repoRoot, 'public', 'screenshots', `telemetry-${name}.png`) : join(process.env.TMPDIR ?? '/tmp', `telemetry-${name}.png`);
    await page.screenshot({ path });
    await page.keyboard.press('Escape');
    await page.locator('.tm-root.tm-maximised').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: 'Maximise' }).getAttribute('aria-pressed'), 'false');
  }

  before(() => {
    assert.ok(courseStepIds().includes(STEP_ID), `${STEP_ID} is a step of the course`);
  });
  useWorkshopAndBrowser({ setUp: openSolvedStep, tearDown: async () => await context?.close() });

  /** Solves the step and sends one request per route, so every view below has the app's telemetry to show. */
  async function openSolvedStep({ browser, workshop }: WorkshopAndBrowser): Promise<void> {
    ({ context, page, lesson } = await openLesson(browser, workshop.url, {}, STEP_ID));
    await solveUnasked(lesson);
    // The open file is the one the solution changes: the editor shows the new line once Solve has written it.
    await lesson.explainTimeout('the solved file', () => page.locator('[data-editor-host] .view-lines', { hasText: "logger.info('HomeActivities')" }).waitFor({ timeout: 30_000 }));

    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await lesson.explainTimeout('the telemetry panel', () => page.locator('.tm-root[data-source="http"]').waitFor({ timeout: dataDeadline }));
    await send('Home feed: GET /api/activities/home', /GET \/api\/activities\/home: 200 OK/);
    await waitForTraceLink();
    await send('A user’s activities: GET /api/activities/@andrewbrown', /GET \/api\/activities\/@andrewbrown: 200 OK/);
    await send('Rollbar test: GET /rollbar/test', /GET \/rollbar\/test: 200 OK/);
    // The step has no route that fails on purpose (the Rollbar chapter put the `return` back); a search without a
    // term is the app's own client error, which X-Ray marks as an error and the request line logs as 422.
    await send('Search without a term (422): GET /api/activities/search', /GET \/api\/activities\/search: 422/);
    // Once more, now that the backend has surely restarted with the solved home_activities.js.
    await send('Home feed: GET /api/activities/home', /GET \/api\/activities\/home: 200 OK/);
  }

  test('Query: COUNT grouped by span name lists the app’s spans; Enter on a group opens its traces', async () => {
    await openView('query', 'Query');
    await waitForStatus('query', /^\d+ groups? · \d+ of \d+ spans matched/);
    const query = panel('query');
    // GROUP BY name only, VISUALIZE COUNT only: the table a learner reads first.
    await query.getByRole('button', { name: 'Remove group by 1' }).click();
    assert.equal(await query.getByLabel('Group by field 1').inputValue(), 'name');
    await query.getByRole('button', { name: 'Remove calculation 2' }).click();
    assert.equal(await query.getByRole('combobox', { name: 'Calculation 1' }).inputValue(), 'COUNT');
    await query.getByRole('button', { name: 'Run query' }).click();
    await waitForStatus('query', /^\d+ groups · \d+ of \d+ spans matched/);
    const header = (await query.locator('.tv-q-head').innerText()).replace(/\s+/g, ' ').trim();
    assert.equal(header, 'name COUNT spans');
    assert.equal(await query.locator('.tv-figure').count(), 1, 'one COUNT chart, no heatmap');

    await maximise();
    const list = query.getByRole('listbox', { name: /Query result groups/ });
    const group = (name: string) => list.getByRole('option').filter({ has: page.locator('.tv-key', { hasText: new RegExp(`^${name}$`) }) });
    // The solution's own spans, and the HTTP server spans of the routes the Requests view sent.
    for (const name of ['home-activities-mock-data', 'user-activities-mock-data']) {
      await lesson.explainTimeout(`the ${name} group`, () => group(name).waitFor({ timeout: dataDeadline }));
    }
    const homeCount = Number((await group('home-activities-mock-data').locator('.tv-num').first().textContent())?.replace(/,/g, ''));
    assert.ok(homeCount >= 2, `COUNT of home-activities-mock-data is at least the two home feed requests (${homeCount})`);
    const names = (await list.locator('.tv-key').allTextContents()).join(' | ');
    assert.match(names, /\/api\/activities\/home/, `a span named after the home route (${names})`);
    assert.match(names, /\/rollbar\/test/, `a span named after the Rollbar test route (${names})`);
    await expectNoAxeViolations('Query');
    await screenshotAndRestore('query');

    // Keyboard: Home selects the first group, Enter opens its traces in the Traces view.
    await list.focus();
    await page.keyboard.press('Home');
    assert.equal(await list.getByRole('option', { selected: true }).count(), 1);
    const firstGroup = (await list.getByRole('option', { selected: true }).locator('.tv-key').textContent()) ?? '';
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Traces', exact: true }).and(page.locator('[aria-selected="true"]')).waitFor();
    // The Traces list is narrowed to the group (the search names it), and still lists its traces.
    assert.equal(await panel('traces').getByRole('searchbox').inputValue(), `name = ${JSON.stringify(firstGroup)}`);
    await lesson.explainTimeout('the group’s traces in the Traces list', () => panel('traces').locator('.tm-trace-row').first().waitFor({ timeout: dataDeadline }));
  });

  test('X-Ray: the trace map shows backend-flask; a user-feed trace opens its segment timeline with the mock-data metadata', async () => {
    await openView('xray', 'X-Ray');
    const xray = panel('xray');
    // Four routes were sent (the home feed twice); the search without a term is an X-Ray error (4xx).
    await waitForStatus('xray', /^([4-9]|\d{2,}) traces · 0 with faults · [1-9]\d* with errors$/);
    await maximise();
    const service = xray.getByRole('button', { name: /backend-flask \(/ });
    await lesson.explainTimeout('the backend-flask node', () => service.first().waitFor({ timeout: dataDeadline }));
    assert.match((await service.first().textContent()) ?? '', /backend-flask/);
    assert.equal(await xray.getByRole('button', { name: /client/ }).count() >= 1, true, 'the client node is on the map');
    // Maximised, the panel is far wider than the map: it keeps its drawn size instead of being blown up to fill it.
    const map = await xray.getByRole('group', { name: 'Trace map' }).evaluate((svg) => ({ shown: svg.getBoundingClientRect().width, drawn: Number(svg.getAttribute('width')), panel: svg.parentElement!.getBoundingClientRect().width }));
    assert.ok(map.panel > map.drawn, `the maximised panel (${map.panel}px) is wider than the map (${map.drawn})`);
    assert.ok(Math.abs(map.shown - map.drawn) <= 1, `the map is shown at its drawn width (${map.shown}px shown, ${map.drawn} drawn)`);

    await xray.getByLabel('Filter expression').fill('http.url CONTAINS "@andrewbrown"');
    await xray.getByRole('button', { name: 'Apply' }).click();
    await waitForStatus('xray', /^[1-9]\d* traces? match · 0 with faults · 0 with errors/);
    const traces = xray.getByRole('listbox', { name: /^Traces/ });
    assert.match(await traces.getByRole('option').first().innerText(), /GET[\s\S]*@andrewbrown[\s\S]*200[\s\S]*OK/);
    await traces.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await xray.getByRole('heading', { name: /^Trace 1-[0-9a-f]{8}-[0-9a-f]{24}$/ }).waitFor({ timeout: dataDeadline });
    const timeline = xray.getByRole('listbox', { name: /^Segments of trace/ });
    assert.equal(await timeline.getByRole('option', { name: /^backend-flask, segment, ok, HTTP 200/ }).count(), 1);
    assert.equal(await timeline.getByRole('option', { name: /^activities_users, subsegment/ }).count(), 1);
    const mockData = timeline.getByRole('option', { name: /^mock-data, subsegment/ });
    assert.equal(await mockData.count(), 1);

    // Keyboard: End selects the last row (mock-data ends the trace), then the Metadata tab shows what it recorded.
    await timeline.focus();
    await page.keyboard.press('End');
    await xray.getByRole('option', { name: /^mock-data, subsegment/, selected: true }).waitFor();
    await xray.getByRole('tab', { name: 'Metadata (1)' }).click();
    const metadata = (await xray.getByRole('tabpanel').innerText()).replace(/\s+/g, ' ');
    assert.match(metadata, /Namespace namespace/);
    assert.match(metadata, /"results-size": 1/);
    // The timeline's focus scrolled the view: back to its top, as it opens, for axe and the screenshot. (Left
    // scrolled, the filter form sits half cut off at the view's top edge, and axe's target-size rule counts a
    // half-hidden button as too small.)
    await xray.evaluate((element) => {
      for (const scrolled of [element, ...element.querySelectorAll('*')]) if (scrolled.scrollTop > 0) scrolled.scrollTop = 0;
    });
    await expectNoAxeViolations('X-Ray');
    await screenshotAndRestore('xray');
  });

  test('Rollbar: the Hello World! warning from /rollbar/test, with its occurrence', async () => {
    await openView('rollbar', 'Rollbar');
    const rollbar = panel('rollbar');
    await waitForStatus('rollbar', /^[1-9]\d* of [1-9]\d* items? · [1-9]\d* occurrences?/);
    await maximise();
    const items = rollbar.getByRole('listbox', { name: /^Rollbar items/ });
    const hello = items.getByRole('option').filter({ hasText: 'Hello World!' });
    await lesson.explainTimeout('the Hello World! item', () => hello.waitFor({ timeout: dataDeadline }));
    assert.match((await hello.innerText()).replace(/\s+/g, ' '), /#\d+ warning Hello World! production 1 /i);

    // Keyboard: the level filter leaves only warnings; Home and Enter open the item.
    await rollbar.getByLabel('Level').selectOption('warning');
    await waitForStatus('rollbar', /^1 of \d+ items? · 1 occurrence$/);
    await items.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const detail = rollbar.getByRole('region', { name: 'Item details' });
    await detail.getByRole('heading', { name: /^warning #\d+ Hello World!$/i }).waitFor({ timeout: dataDeadline });
    assert.match(await detail.innerText(), /^1 occurrence · first seen .* · production/m);
    const occurrence = detail.getByRole('combobox', { name: 'Occurrence' });
    assert.equal(await occurrence.locator('option').count(), 1);
    assert.match((await occurrence.locator('option').first().textContent()) ?? '', /· production · [0-9a-f]{8}$/);
    await detail.getByRole('heading', { name: 'Message' }).waitFor();
    assert.match(await detail.locator('pre').first().innerText(), /^Hello World!$/);
    await expectNoAxeViolations('Rollbar');
    await screenshotAndRestore('rollbar');
  });

  test('Logs: the cruddur group has a line per request and the HomeActivities line; a filter pattern narrows them', async () => {
    await openView('logs', 'Logs');
    const logs = panel('logs');
    const groupSelect = logs.getByRole('combobox', { name: 'Log group' });
    await lesson.explainTimeout('the cruddur log group', () => groupSelect.locator('option[value="cruddur"]').waitFor({ state: 'attached', timeout: dataDeadline }));
    await groupSelect.selectOption('cruddur');
    await maximise();
    const events = logs.getByRole('listbox', { name: /^Log events/ });
    // winston-cloudwatch uploads in batches: wait for the last request's lines rather than for a count.
    const line = (text: RegExp) => events.getByRole('option').filter({ hasText: text });
    for (const text of [/GET http \/api\/activities\/home 200$/, /GET http \/api\/activities\/@andrewbrown 200$/, /GET http \/rollbar\/test 200$/, /GET http \/api\/activities\/search 422$/, /info - HomeActivities$/]) {
      await lesson.explainTimeout(`the log line ${text}`, () => line(text).first().waitFor({ timeout: dataDeadline }));
    }
    const all = await waitForStatus('logs', /^\d+ events in cruddur · tailing live$/);
    const total = Number(/^(\d+)/.exec(all)?.[1]);
    assert.ok(total >= 6, `five request lines and a HomeActivities line at least (${all})`);
    const homeLine = (await line(/info - HomeActivities$/).first().innerText()).replace(/\s+/g, ' ');
    assert.match(homeLine, /backend-flask\/.+\/\d+/, 'the stream is named after the host and process');
    assert.match(homeLine, / info info - HomeActivities$/i, 'the Level column reads winston-cloudwatch’s level');

    // Keyboard: Home and Enter show the newest event in full.
    await events.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const selected = logs.getByRole('region', { name: 'Selected log event' });
    assert.match(await selected.innerText(), /cruddur \/ backend-flask\//);
    await expectNoAxeViolations('Logs');
    await screenshotAndRestore('logs');

    await logs.getByLabel('Filter pattern').fill('HomeActivities');
    await logs.getByLabel('Filter pattern').press('Enter');
    const filtered = await waitForStatus('logs', /^\d+ events? in cruddur matching HomeActivities/);
    const matching = Number(/^(\d+)/.exec(filtered)?.[1]);
    assert.ok(matching >= 1 && matching < total, `the pattern keeps the HomeActivities lines only (${matching} of ${total})`);
    for (const text of await events.getByRole('option').allInnerTexts()) assert.match(text, /HomeActivities/);

    // A pattern the local cloud cannot compile is explained, not run.
    await logs.getByLabel('Filter pattern').fill('{ $.level = ');
    await logs.getByRole('button', { name: 'Search' }).click();
    await logs.getByRole('alert').filter({ hasText: 'That search did not run' }).waitFor({ timeout: dataDeadline });
    assert.equal(await logs.getByLabel('Filter pattern').getAttribute('aria-invalid'), 'true');
  });
});
