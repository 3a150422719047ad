/**
 * The workspace's start-up as a learner meets it: the boot stages on the workshop server, the browser gate on
 * hosts and devices where the in-browser sandbox cannot (or should not by itself) run, Retry, and the terminal's
 * command line running the lessons' `aws` commands against the local cloud.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { useWorkshopAndBrowser } from '../support/browser-suite.ts';
import { repoRoot } from '../support/workshop-server.ts';
import { LessonPage } from '../support/lesson-page.ts';
import { runCommand, STEP, workspaceData } from '../support/workbench.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';

const siteDir = process.env.WORKSHOP_TEST_SITE_DIR || join(repoRoot, 'dist');
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

/** A host like GitHub Pages: serves the built files and nothing else, and cannot send COOP/COEP headers. */
async function startStaticHost(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    void (async () => {
      let path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
      if (path.includes('..')) return void response.writeHead(400).end();
      if (path.endsWith('/')) path += 'index.html';
      const file = join(siteDir, path);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://localhost:${typeof address === 'object' && address ? address.port : 0}`, server };
}

const status = (page: Page) => page.locator('[data-sandbox-status]').innerText();
const lessonText = (page: Page) => page.locator('[data-lesson]').innerText();

/** The terminal's visible rows (xterm's DOM renderer), without the line breaks its wrapping adds. */
async function terminalText(page: Page): Promise<string> {
  return (await page.locator('[data-terminal-host] .xterm-rows').innerText()).replace(/\s+/g, '');
}

describe('workspace boot, gate and command line', () => {
  const suite = useWorkshopAndBrowser();
  let host: Awaited<ReturnType<typeof startStaticHost>>;

  before(async () => {
    host = await startStaticHost();
  });
  after(() => {
    host?.server.close();
  });

  test('on the workshop server: the stages run to ready, and no service worker gets in the way', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const seen: string[] = [];
    await page.exposeFunction('reportStage', (stage: string) => void (seen.at(-1) !== stage && seen.push(stage)));
    await page.addInitScript(() => {
      // Several changes can land in one task; the records' old values give every one of them.
      new MutationObserver((records) => {
        const report = (window as unknown as { reportStage(stage: string): void }).reportStage;
        for (const record of records) if (record.oldValue) report(record.oldValue);
        const stage = document.querySelector<HTMLElement>('[data-workspace]')?.dataset.bootStage;
        if (stage) report(stage);
      }).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-boot-stage'] });
    });
    const lesson = new LessonPage(page);
    await lesson.open(suite.workshop.url, STEP);
    assert.equal(await workspaceData(page, 'provider'), 'local');
    assert.equal(await workspaceData(page, 'bootStage'), 'ready');
    // 'app' (the cloud is up, the backend not yet) can be skipped when the backend's port is seen open first.
    assert.deepEqual(
      seen.filter((stage) => stage !== 'app'),
      ['runtime', 'files', 'cloud', 'ready'],
      `stages seen in order: ${seen.join(', ')}`,
    );
    assert.match(await status(page), /Cruddur backend is running \(local sandbox\)/);
    assert.equal(await page.locator('[data-boot-panel]').isHidden(), true, 'the stage list goes away once ready');
    assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'local mode is not isolated');
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0, 'no COI service worker in local mode');
    await context.close();
  });

  test('the command line runs the lesson aws commands against the local cloud, with history and clear errors', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1600 } });
    const page = await context.newPage();
    await new LessonPage(page).open(suite.workshop.url, STEP);
    const input = page.getByRole('textbox', { name: 'Command' });

    const created = await runCommand(page, 'aws xray create-group --group-name "Cruddur" --filter-expression "service(\\"backend-flask\\")"');
    assert.equal(created.exit, '0', created.status);
    assert.match(created.status, /Finished: aws xray create-group .* \(exit code 0\)/);

    const listed = await runCommand(page, 'aws xray get-groups');
    assert.equal(listed.exit, '0', listed.status);
    await page.waitForFunction(() => /"GroupName":\s*"Cruddur"/.test(document.querySelector<HTMLElement>('[data-terminal-host] .xterm-rows')?.innerText.replace(/\s+/g, '') ?? ''));
    assert.ok((await terminalText(page)).includes('"FilterExpression":"service(\\"backend-flask\\")"'), await terminalText(page));

    const piped = await runCommand(page, 'aws xray get-groups | head');
    assert.match(await page.locator('[data-command-status]').innerText(), /Pipes \(\|\) are not supported here/);
    assert.equal(piped.exit, '0', 'nothing ran, so the last exit code is unchanged');
    await runCommand(page, 'curl http://localhost:4567/');
    assert.match(await page.locator('[data-command-status]').innerText(), /"curl" is not available here.*aws, node, npm.*real processes/);

    const failing = await runCommand(page, 'aws xray get-group --group-name NoSuchGroup');
    assert.notEqual(failing.exit, '0', 'a failing command reports its non-zero exit code');

    await input.focus();
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'aws xray get-group --group-name NoSuchGroup');
    await input.press('ArrowUp');
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'aws xray get-groups | head');
    await input.press('ArrowDown');
    assert.equal(await input.inputValue(), 'curl http://localhost:4567/');

    await input.fill('node -e "setInterval(() => {}, 1000); console.log(\'waiting\')"');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-command-form]')?.dataset.running === 'true');
    await page.getByRole('button', { name: 'Stop the running command' }).waitFor();
    await input.press('Control+c');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-command-form]')?.dataset.running === 'false', undefined, { timeout: 30_000 });
    assert.match(await page.locator('[data-command-status]').innerText(), /^Stopped: node -e .*\(exit code (130|143)\)/);

    const cleared = await runCommand(page, 'clear');
    assert.equal(cleared.status, 'Cleared the terminal.');
    await page.waitForFunction(() => !/GroupName/.test(document.querySelector<HTMLElement>('[data-terminal-host] .xterm-rows')?.innerText ?? ''));
    await context.close();
  });

  test('a host without COOP/COEP and no service workers: the lesson stays readable, the gate says what to do', async () => {
    const context = await suite.browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${host.url}/lessons/${STEP}/`);
    await new LessonPage(page).explainTimeout('the gate', () => page.waitForSelector('[data-workspace][data-boot-stage="blocked"]', { state: 'attached', timeout: 90_000 }));
    assert.equal(await workspaceData(page, 'sandboxFailed'), 'true');
    assert.equal(await workspaceData(page, 'provider'), undefined, 'nothing booted');
    assert.match(await status(page), /not cross-origin isolated.*Chrome, Edge or Firefox.*npm install && npm start/);
    assert.ok((await lessonText(page)).length > 200, 'the lesson text is there');
    assert.equal(await page.locator('[data-lesson]').isVisible(), true);
    assert.equal(await page.getByRole('button', { name: 'Retry' }).isHidden(), true, 'Retry cannot help here');
    await context.close();
  });

  test('a host without COOP/COEP: the service worker isolates the page after one reload; a failed boot offers Retry', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host.url}/lessons/${STEP}/`);
    await page.waitForFunction(() => crossOriginIsolated === true, undefined, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function');
    // StackBlitz cannot be reached from here, so the real WebContainer runtime cannot load: the boot must fail
    // with a message and a Retry button, not hang.
    await new LessonPage(page).explainTimeout('the failed boot', () => page.waitForSelector('[data-workspace][data-sandbox-failed="true"]', { state: 'attached', timeout: 120_000 }));
    assert.equal(await workspaceData(page, 'bootStage'), 'failed');
    assert.match(await status(page), /WebContainer.*Retry/);
    assert.equal(describeViolations(await axeViolations(page, '[data-workspace]')), '', 'the failed boot with Retry and the stage list');
    assert.ok((await lessonText(page)).length > 200);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.sandboxFailed !== 'true');
    assert.match(await status(page), /step 1 of 4: loading the runtime/);
    assert.equal(await page.getByRole('button', { name: 'Retry' }).isHidden(), true);
    await context.close();
  });

  test('iPhone: the in-browser sandbox waits for Start, and says why', async () => {
    const context = await suite.browser.newContext({ userAgent: IPHONE_UA, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(new URL(`/lessons/${STEP}/?sandbox=webcontainer`, suite.workshop.url).toString());
    await new LessonPage(page).explainTimeout('the gate', () => page.waitForSelector('[data-workspace][data-boot-stage="gated"]', { state: 'attached', timeout: 90_000 }));
    assert.match(await status(page), /iPhone and iPad.*memory.*Start the sandbox.*npm install && npm start/);
    assert.equal(await workspaceData(page, 'provider'), undefined, 'nothing boots before Start');
    // Monaco adds its iOS "show keyboard" field when the browser is idle; wait for it so axe always sees it.
    const keyboardField = page.locator('[data-workspace] textarea.iPadShowKeyboard');
    await keyboardField.waitFor({ state: 'attached', timeout: 60_000 });
    assert.equal(await keyboardField.getAttribute('aria-label'), 'Show the keyboard for the code editor');
    assert.equal(describeViolations(await axeViolations(page, '[data-workspace]')), '', 'the gated workspace');
    assert.ok((await lessonText(page)).length > 200);
    await page.getByRole('button', { name: 'Start the sandbox' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-workspace]')?.dataset.bootStage !== 'gated');
    assert.match(await status(page), /step 1 of 4: loading the runtime/);
    await context.close();
  });
});
