import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/browser.ts';
import { repoRoot } from '../../support/workshop-server.ts';

/** A free loopback port for `astro preview`, which takes a port number rather than 0. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let preview: ChildProcess;
let baseUrl: string;
let browser: Browser;

before(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  preview = spawn(join(repoRoot, 'node_modules', '.bin', 'astro'), ['preview', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: repoRoot,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(baseUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('astro preview did not start within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (preview?.pid) process.kill(-preview.pid, 'SIGTERM');
});

test('astro preview sends COOP and COEP on pages and assets', async () => {
  for (const path of ['/', '/lessons/01-honeycomb/01-home-activities-span/']) {
    const response = await fetch(baseUrl + path);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin', path);
    assert.equal(response.headers.get('cross-origin-embedder-policy'), 'credentialless', path);
  }
});

test('the built lesson page is cross-origin isolated in Chromium (WebContainer can boot there)', async () => {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/lessons/01-honeycomb/01-home-activities-span/`);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function');
  await page.close();
});

test('static-host header files set the same policy for every path', () => {
  const headers = readFileSync(join(repoRoot, 'public', '_headers'), 'utf8');
  assert.match(headers, /^\/\*\n\s+Cross-Origin-Opener-Policy: same-origin\n\s+Cross-Origin-Embedder-Policy: credentialless/m);
  const vercel = JSON.parse(readFileSync(join(repoRoot, 'public', 'vercel.json'), 'utf8')) as {
    headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }>;
  };
  const all = vercel.headers.find((rule) => rule.source === '/(.*)');
  assert.ok(all, 'a rule for every path');
  assert.deepEqual(
    Object.fromEntries(all.headers.map((h) => [h.key, h.value])),
    { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless', 'X-Content-Type-Options': 'nosniff' },
  );
});
