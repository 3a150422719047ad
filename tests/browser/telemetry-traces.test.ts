/**
 * The Telemetry panel end to end: the step's solution runs in the real sandbox, the Requests panel sends real
 * requests to the real starter app, and the Traces view shows the trace that request produced, with the
 * `home-activities-mock-data` span nested under the HTTP server span. Once over HTTP (the local provider's
 * default) and once through the in-sandbox tap (the WebContainer path, forced with ?telemetry=tap).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { repoRoot } from '../support/workshop-server.ts';
import { STEP, openLesson, solveUnasked } from '../support/workbench.ts';
import { LessonPage } from '../support/lesson-page.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

const screenshots = process.env.WORKSHOP_SCREENSHOTS === '1';

/** Sends GET /api/activities/home from the Requests panel until it yields a trace link (the backend restarts with
 *  the solution's tracing after Solve, so the first requests may reach the app before it is instrumented). */
async function requestUntilTraced(lesson: LessonPage): Promise<string> {
  const page = lesson.page;
  const panel = page.locator('#tm-panel-requests');
  await page.getByRole('tab', { name: 'Requests' }).click();
  await panel.getByLabel('Route').selectOption({ label: 'Home feed: GET /api/activities/home' });
  assert.equal(await panel.getByLabel('Path').inputValue(), '/api/activities/home');
  for (let attempt = 1; attempt <= 12; attempt++) {
    await panel.getByRole('button', { name: 'Send' }).click();
    await lesson.explainTimeout('the response', () => page.waitForFunction(() => /^(ok|error)$/.test(document.querySelector<HTMLElement>('.tm-request-status')?.dataset.state ?? ''), undefined, { timeout: 30_000 }));
    const status = (await panel.locator('.tm-request-status').textContent()) ?? '';
    if (/request failed: .*ECONNREFUSED/.test(status)) {
      // The backend is restarting with the solution's files: try again shortly.
      await page.waitForTimeout(2000);
      continue;
    }
    assert.match(status, /GET \/api\/activities\/home: 200 OK in [\d.]+ ms/);
    assert.match(await panel.locator('.tm-response-body').innerText(), /Cloud is very fun!/);
    assert.match(await panel.locator('.tm-response').innerText(), /content-type/i, 'the response headers are listed');
    const outcome = await lesson.explainTimeout('the trace link', () =>
      page.waitForFunction(
        () => {
          const line = document.querySelector('.tm-trace-link');
          if (line?.querySelector('[data-trace-id]')) return 'found';
          return /No trace arrived/.test(line?.textContent ?? '') ? 'none' : false;
        },
        undefined,
        { timeout: 45_000 },
      ),
    );
    if ((await outcome.jsonValue()) === 'found') return (await panel.locator('[data-trace-id]').getAttribute('data-trace-id')) ?? '';
  }
  throw new Error('no request produced a trace');
}

async function checkTrace(lesson: LessonPage, traceId: string): Promise<void> {
  const page = lesson.page;
  await page.locator(`.tm-trace-link [data-trace-id="${traceId}"]`).click();
  const traces = page.locator('#tm-panel-traces');
  await traces.waitFor({ state: 'visible' });
  assert.equal(await page.getByRole('tab', { name: 'Traces' }).getAttribute('aria-selected'), 'true');
  await lesson.explainTimeout('the trace in the list', () => traces.locator(`.tm-trace-row[data-trace-id="${traceId}"]`).waitFor({ timeout: 30_000 }));
  const mock = traces.locator('.tm-span-row[data-span-name="home-activities-mock-data"]');
  await lesson.explainTimeout('the waterfall', () => mock.waitFor({ timeout: 30_000 }));
  const parentId = await mock.getAttribute('data-parent-span-id');
  assert.ok(parentId, 'the span has a parent');
  // The mock-data span sits under the HTTP server span (possibly with Express middleware spans between).
  let ancestor = parentId;
  const chain: string[] = [];
  for (let i = 0; i < 10 && ancestor; i++) {
    const row = traces.locator(`.tm-span-row[data-span-id="${ancestor}"]`);
    chain.push(`${await row.getAttribute('data-kind')}:${await row.getAttribute('data-span-name')}`);
    if ((await row.getAttribute('data-kind')) === 'server') break;
    ancestor = (await row.getAttribute('data-parent-span-id')) ?? '';
  }
  assert.match(chain.at(-1) ?? '', /^server:/, `an ancestor is the server span (${chain.join(' ← ')})`);
  const mockDepth = Number(await mock.getAttribute('aria-level'));
  const serverDepth = Number(await traces.locator('.tm-span-row[data-kind="server"]').first().getAttribute('aria-level'));
  assert.ok(mockDepth > serverDepth, `nested deeper (level ${mockDepth}) than the server span (level ${serverDepth})`);
  assert.ok((await traces.locator('.tm-tick').count()) >= 2, 'the time axis has ticks');
  assert.match((await mock.innerText()).replace(/\s+/g, ' '), /home-activities-mock-data/);

  // Keyboard: the waterfall is a tree; Enter on a span opens its details.
  const detail = traces.getByRole('region', { name: 'Span details' });
  // Spans still streaming in redraw the waterfall; a click that lands during a redraw is made again (up to 3 times).
  for (let attempt = 0; attempt < 3; attempt++) {
    await mock.click();
    const shown = await detail
      .getByText('app.now')
      .first()
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
  }
  assert.match(await detail.innerText(), /app\.now/, 'the span attribute is shown');
  assert.match(await detail.innerText(), /service\.name/, 'the resource is shown');
  const tree = traces.getByRole('tree', { name: 'Spans of the trace' });
  await tree.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  assert.match(await detail.innerText(), /none: this is a root span/);

  // Collapsing the server span hides the nested mock-data span; expanding shows it again.
  const server = traces.locator('.tm-span-row[data-kind="server"]').first();
  await server.locator('.tm-toggle').click();
  await mock.waitFor({ state: 'detached' });
  await traces.locator('.tm-span-row[data-kind="server"]').first().locator('.tm-toggle').click();
  await mock.waitFor();
}

describe('Telemetry panel: Requests → Traces on the real starter app', () => {
  const suite = useWorkshopAndBrowser();

  test('over HTTP: a request from the Requests panel shows up as a trace with the mock-data span under the server span', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url);
    await solveUnasked(lesson);
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await lesson.explainTimeout('the telemetry panel', () => page.locator('.tm-root[data-source="http"]').waitFor({ timeout: 60_000 }));
    assert.equal(await page.locator('[data-view="query"], [data-view="xray"], [data-view="rollbar"], [data-view="logs"]').count(), 0, 'other views load only when opened');
    const traceId = await requestUntilTraced(lesson);
    assert.match(traceId, /^[\da-f]{32}$/);
    await checkTrace(lesson, traceId);

    assert.equal(describeViolations(await axeViolations(page, '.tm-root')), '', 'the Traces view passes axe');
    await page.getByRole('tab', { name: 'Requests' }).click();
    assert.equal(describeViolations(await axeViolations(page, '.tm-root')), '', 'the Requests view passes axe');

    await page.getByRole('tab', { name: 'Traces' }).click();
    await page.getByRole('button', { name: 'Maximise' }).click();
    await page.locator('.tm-root.tm-maximised').waitFor();
    await page.locator('.tm-span-row[data-span-name="home-activities-mock-data"]').click();
    const shotPath = screenshots ? join(repoRoot, 'public', 'screenshots', 'telemetry-traces.png') : join(process.env.TMPDIR ?? '/tmp', 'telemetry-traces.png');
    await page.screenshot({ path: shotPath });
    await page.keyboard.press('Escape');
    await page.locator('.tm-root.tm-maximised').waitFor({ state: 'detached' });
    await context.close();
  });

  test('through the in-sandbox tap (the WebContainer path): the same trace appears', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const lesson = new LessonPage(page);
    await page.goto(new URL(`/lessons/${STEP}/?telemetry=tap`, suite.workshop.url).toString());
    await lesson.explainTimeout('the editor', () => page.waitForSelector('[data-workspace][data-editor-ready="true"]', { timeout: 90_000 }));
    await lesson.explainTimeout('the sandbox', () => page.waitForSelector('[data-workspace][data-sandbox-ready="true"]', { timeout: 90_000 }));
    await solveUnasked(lesson);
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await lesson.explainTimeout('the telemetry panel', () => page.locator('.tm-root[data-source="tap"]').waitFor({ timeout: 60_000 }));
    const traceId = await requestUntilTraced(lesson);
    await checkTrace(lesson, traceId);
    await context.close();
  });
});
