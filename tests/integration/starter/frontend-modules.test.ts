/**
 * The starter's frontend server as the browser SDK's host: the import map it puts in the page resolves every
 * mapped name to a file it serves as JavaScript; it serves nothing else from node_modules; and POST /v1/traces is
 * forwarded to the collector with OTEL_EXPORTER_OTLP_HEADERS added on the server side.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../../support/workshop-server.ts';

const require = createRequire(import.meta.url);
const { createFrontendServer } = require(join(repoRoot, 'starter-app/frontend/server.js')) as {
  createFrontendServer(options: { backendUrl?: string; backendPublicUrl?: string; env?: Record<string, string> }): Server;
};
const { BROWSER_PACKAGES } = require(join(repoRoot, 'starter-app/frontend/module-map.js')) as { BROWSER_PACKAGES: string[] };

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let collector: Server;
let collectorUrl: string;
const received: Received[] = [];
let frontend: Server;
let base: string;

describe('starter frontend server: browser modules and the collector forward', () => {
  before(async () => {
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"partialSuccess":{}}');
      });
    });
    collectorUrl = await listen(collector);
    frontend = createFrontendServer({ backendUrl: 'http://127.0.0.1:9', env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${collectorUrl}/`, OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=key%20one,x-other=2' } });
    base = await listen(frontend);
  });

  after(async () => {
    frontend.closeAllConnections();
    collector.closeAllConnections();
    await new Promise((done) => frontend.close(done));
    await new Promise((done) => collector.close(done));
  });

  test('every name in the page import map resolves to JavaScript the server serves', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const json = /<script type="importmap">(.*?)<\/script>/s.exec(html)?.[1];
    assert.ok(json, 'the page has an import map');
    const map = JSON.parse(json) as { imports: Record<string, string>; scopes: Record<string, Record<string, string>> };
    for (const name of BROWSER_PACKAGES) assert.ok(map.imports[name], `${name} is mapped`);
    assert.ok(Object.values(map.scopes).some((scope) => scope['#platform']?.includes('/platform/browser/')), '#platform picks the browser code');
    const urls = new Set([...Object.values(map.imports), ...Object.values(map.scopes).flatMap((scope) => Object.values(scope))]);
    for (const url of urls) {
      const res = await fetch(`${base}${url}`);
      assert.equal(res.status, 200, url);
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/, url);
      await res.arrayBuffer();
    }
    assert.match(html, /window\.CRUDDUR_OTEL_COLLECTOR_ENDPOINT = window\.location\.origin;/);
    assert.ok(!html.includes('key one') && !html.includes('key%20one'), 'the collector key never reaches the page');
  });

  test('serves nothing else from node_modules', async () => {
    for (const path of [
      '/node_modules/@opentelemetry/api/package.json',
      '/node_modules/express/index.js',
      '/node_modules/@opentelemetry/api/../../express/index.js',
      '/node_modules/%2e%2e/package.json',
      '/node_modules/@opentelemetry/api/dist/no-such-file.mjs',
    ]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 404, path);
      await res.arrayBuffer();
    }
  });

  test('POST /v1/traces goes to the collector with the OTLP headers added; other methods are refused', async () => {
    const payload = JSON.stringify({ resourceSpans: [] });
    const res = await fetch(`${base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"partialSuccess":{}}');
    const last = received.at(-1);
    assert.equal(last?.url, '/v1/traces');
    assert.equal(last?.body, payload);
    assert.equal(last?.headers['x-honeycomb-team'], 'key one');
    assert.equal(last?.headers['x-other'], '2');
    assert.equal(last?.headers['content-type'], 'application/json');
    const get = await fetch(`${base}/v1/traces`);
    assert.equal(get.status, 405);
    await get.arrayBuffer();
  });

  test('without a collector configured, POST /v1/traces answers 503 and names the variable', async () => {
    const lonely = createFrontendServer({ env: {} });
    const url = await listen(lonely);
    try {
      const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 503);
      assert.match(await res.text(), /OTEL_EXPORTER_OTLP_ENDPOINT/);
    } finally {
      lonely.closeAllConnections();
      await new Promise((done) => lonely.close(done));
    }
  });
});
