import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/browser.ts';
import { repoRoot } from '../../support/workshop-server.ts';
import { coiAction } from '../../../src/runtime/coi-fallback.ts';

/** A host like GitHub Pages: serves files, sets no COOP/COEP headers. */
const PAGE = `<!doctype html><title>coi</title><script>
  if (!crossOriginIsolated && !sessionStorage.getItem('reloaded')) {
    navigator.serviceWorker.register('/coi-serviceworker.js').then(() => navigator.serviceWorker.ready).then(() => {
      sessionStorage.setItem('reloaded', '1'); location.reload();
    });
  }
</script>`;

let server: Server;
let baseUrl: string;
let browser: Browser;

before(async () => {
  const worker = readFileSync(join(repoRoot, 'public', 'coi-serviceworker.js'));
  server = createServer((request, response) => {
    if (request.url === '/coi-serviceworker.js') response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(worker);
    else response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('without headers the page is not isolated; the service worker makes it isolated after one reload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${baseUrl}/`);
  assert.equal(response?.headers()['cross-origin-embedder-policy'], undefined, 'the host itself sends no COEP');
  await page.waitForFunction(() => crossOriginIsolated === true, undefined, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function');
  await context.close();
});

test('the fallback registers only when needed and never loops', () => {
  assert.equal(coiAction({ crossOriginIsolated: true, hasServiceWorker: true, alreadyReloaded: false }), 'none');
  assert.equal(coiAction({ crossOriginIsolated: false, hasServiceWorker: true, alreadyReloaded: false }), 'register-and-reload');
  assert.equal(coiAction({ crossOriginIsolated: false, hasServiceWorker: true, alreadyReloaded: true }), 'give-up');
  assert.equal(coiAction({ crossOriginIsolated: false, hasServiceWorker: false, alreadyReloaded: false }), 'give-up');
});
