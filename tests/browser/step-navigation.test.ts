/**
 * Moving between steps keeps the sandbox: one boot per visit (issue #7). The next step's page comes through
 * Astro's ClientRouter; the sandbox booted on the first step is moved to the next step's files and checks, the
 * app restarts on them, and the learner's edits of both steps survive the moves and a reload.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { courseStepIds, openLesson, runCommand, storedEdits, workspaceData } from '../support/workbench.ts';
import { LessonPage } from '../support/lesson-page.ts';

const steps = courseStepIds();
const FIRST = '01-honeycomb/01-home-activities-span';
const SECOND = steps[steps.indexOf(FIRST) + 1]!;
const THIRD = steps[steps.indexOf(FIRST) + 2]!;

/** Exits 1 while a check runner runs in the same sandbox folder as this command (Linux: the local provider); its own command line names the runner too, so it skips itself. */
const COUNT_CHECK_RUNNERS = `node -e "const fs = require('fs'); const here = process.cwd(); const runners = fs.readdirSync('/proc').filter((pid) => { if (!(Number(pid) > 0) || Number(pid) === process.pid) return false; try { return fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('run-checks.mjs') ? fs.readlinkSync('/proc/' + pid + '/cwd') === here : false } catch { return false } }); process.exit(runners.length === 0 ? 0 : 1)"`;

describe('moving between steps keeps the sandbox', () => {
  const suite = useWorkshopAndBrowser();

  test('next and back move the running sandbox to the step shown, without booting another', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url, {}, FIRST);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.evaluate(() => ((window as unknown as { visitMarker: string }).visitMarker = 'same document'));
    assert.equal(await workspaceData(page, 'sandboxBoots'), '1');
    await lesson.typeAtTop('backend/app.js', '// edited on the first step\n');
    const toggle = page.locator('[data-theme-toggle]');
    const darkBefore = (await toggle.getAttribute('aria-pressed')) === 'true';
    await toggle.click();
    // A command still running when the learner moves on is stopped, not left behind in the kept sandbox.
    await page.getByRole('textbox', { name: 'Command' }).fill(`node -e "console.log('pid=' + process.pid); setInterval(() => {}, 1000)"`);
    await page.getByRole('textbox', { name: 'Command' }).press('Enter');
    const pid = await page.waitForFunction(() => /pid=(\d+)/.exec(document.querySelector<HTMLElement>('[data-terminal-host] .xterm-rows')?.innerText ?? '')?.[1], undefined, { timeout: 30_000 });
    const commandPid = Number(await pid.jsonValue());

    await page.locator('a[data-step-link="next"]').click();
    await page.waitForURL(new RegExp(`/lessons/${SECOND}/$`));
    await lesson.explainTimeout('the next step', () => page.waitForSelector(`[data-workspace][data-step-id="${SECOND}"][data-editor-ready="true"][data-sandbox-ready="true"]`, { timeout: 90_000 }));
    assert.equal(await page.evaluate(() => (window as unknown as { visitMarker?: string }).visitMarker), 'same document', 'no page load between the steps');
    assert.equal(await workspaceData(page, 'sandboxBoots'), '1', 'the sandbox was not booted again');
    assert.match(await page.title(), /Cruddur Observability Workshop/);
    assert.equal(await page.locator('h1#step-title').count(), 1);
    assert.equal(await page.locator('[data-workspace]').count(), 1, 'one workspace: the old one is gone');

    const gone = await runCommand(page, `node -e "try { process.kill(${commandPid}, 0); process.exit(1) } catch { process.exit(0) }"`);
    assert.equal(gone.exit, '0', `the command started on the first step (pid ${commandPid}) was stopped`);

    // The swap keeps the learner's theme and the styles Monaco and xterm added when they first loaded.
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    assert.equal(theme, darkBefore ? 'light' : 'dark', 'the theme chosen on the first step stays');
    assert.equal(await toggle.getAttribute('aria-pressed'), String(!darkBefore), 'the new header\'s toggle is wired');
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), darkBefore ? 'dark' : 'light');
    const styles = await page.evaluate(() => ({
      monaco: getComputedStyle(document.querySelector('[data-editor-host] .monaco-editor')!).position,
      xterm: getComputedStyle(document.querySelector('[data-terminal-host] .xterm-helper-textarea')!).position,
    }));
    assert.deepEqual(styles, { monaco: 'relative', xterm: 'absolute' }, 'Monaco\'s and xterm\'s styles survived the swap');

    // The app restarted on this step's files: the terminal shows the backend starting again, the preview points at it.
    await page.waitForFunction(() => (document.querySelector<HTMLIFrameElement>('[data-preview-frame]')?.src ?? '').startsWith('http'), undefined, { timeout: 30_000 });

    await page.goBack();
    await page.waitForURL(new RegExp(`/lessons/${FIRST}/$`));
    await lesson.explainTimeout('the first step again', () => page.waitForSelector(`[data-workspace][data-step-id="${FIRST}"][data-editor-ready="true"][data-sandbox-ready="true"]`, { timeout: 90_000 }));
    assert.equal(await workspaceData(page, 'sandboxBoots'), '1');
    assert.match((await storedEdits(page, FIRST))['backend/app.js'] ?? '', /^\/\/ edited on the first step\n/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('moving on while the sandbox boots, twice in a row: the boot ends on the step shown, and its checks pass there', async () => {
    // Without waiting for the sandbox: two clicks on "next" while it boots.
    const fresh = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const quick = await fresh.newPage();
    const quickLesson = new LessonPage(quick);
    await quick.goto(new URL(`/lessons/${FIRST}/`, suite.workshop.url).toString());
    await quick.locator('a[data-step-link="next"]').click();
    await quick.waitForURL((url) => url.pathname === `/lessons/${SECOND}/`);
    await quick.locator('a[data-step-link="next"]').click();
    await quickLesson.waitForStep(THIRD);
    assert.equal(await workspaceData(quick, 'sandboxBoots'), '1');

    await quick.getByRole('button', { name: 'Solve', exact: true }).click();
    await quick.getByRole('button', { name: 'Undo solve' }).waitFor();
    await quickLesson.waitSaved();
    const results = await quickLesson.runChecks();
    assert.ok(results.length > 0);
    assert.deepEqual(results.filter((r) => r.status !== 'passed').map((r) => r.text), [], `the sandbox holds ${THIRD}'s files and checks`);
    await fresh.close();
  });

  test('moving on mid-run: the check run is stopped; the visit\'s ?sandbox= and ?telemetry= go with the learner', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const lesson = new LessonPage(page);
    await page.goto(new URL(`/lessons/${FIRST}/?sandbox=local&telemetry=tap`, suite.workshop.url).toString());
    await lesson.waitForStep(FIRST);
    // An app that never listens keeps the runner waiting for it (10 s), long after the move below.
    await lesson.typeAtTop('backend/app.js', 'setInterval(() => {}, 1000);\nreturn;\n');
    await lesson.waitSaved();
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.waitForSelector('[data-workspace][data-check-run="running"]');
    assert.equal((await runCommand(page, COUNT_CHECK_RUNNERS)).exit, '1', 'the runner is running: the count below can see one');
    await page.locator('a[data-step-link="next"]').click();
    await page.waitForURL((url) => url.pathname === `/lessons/${SECOND}/` && url.search === '?sandbox=local&telemetry=tap');
    await lesson.waitForStep(SECOND);
    assert.equal(await workspaceData(page, 'sandboxBoots'), '1');
    const runners = await runCommand(page, COUNT_CHECK_RUNNERS);
    assert.equal(runners.exit, '0', 'no check runner of the first step goes on in this sandbox');
    await page.getByRole('tab', { name: 'Telemetry' }).click();
    await lesson.explainTimeout('the telemetry panel on the tap', () => page.locator('.tm-root[data-source="tap"]').waitFor({ timeout: 60_000 }));
    await context.close();
  });

  test('a backend stopped by a missing file starts again once that file is created (node --watch would not)', async () => {
    const { context, page, lesson } = await openLesson(suite.browser, suite.workshop.url, {}, FIRST);
    const backend = (state: string) => page.waitForSelector(`[data-workspace][data-backend-port="${state}"]`, { timeout: 60_000 });
    await lesson.typeAtTop('backend/app.js', "require('./not-yet-written');\n");
    await lesson.explainTimeout('the backend to stop on the missing module', () => backend('close'));
    await page.waitForFunction(() => /Failed running/.test(document.querySelector<HTMLElement>('[data-terminal-host] .xterm-rows')?.innerText ?? ''), undefined, { timeout: 30_000 });

    await lesson.newFile('backend/not-yet-written.js');
    await lesson.focusEditor();
    await page.keyboard.insertText('// now it exists\n');
    await lesson.waitSaved();
    await lesson.explainTimeout('the backend to start again', () => backend('open'));
    await context.close();
  });
});
