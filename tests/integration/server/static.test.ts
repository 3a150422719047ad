import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rawGet } from '../../doubles/raw-http.ts';
import { OUTSIDE_SECRET, startServerFixture } from '../../doubles/workshop-server-fixture.ts';
import type { ServerFixture } from '../../doubles/workshop-server-fixture.ts';

describe('static site', { timeout: 30_000 }, () => {
  let fixture: ServerFixture;
  let port: number;
  before(async () => {
    fixture = await startServerFixture();
    port = fixture.server.port;
    await symlink(path.join(fixture.outsideDir, 'secret.txt'), path.join(fixture.siteDir, 'leak.txt'));
  });
  after(() => fixture.dispose());

  const types: Array<[string, string]> = [
    ['/', 'text/html; charset=utf-8'],
    ['/_astro/app.abc123.js', 'text/javascript; charset=utf-8'],
    ['/styles/site.css', 'text/css; charset=utf-8'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/font.woff2', 'font/woff2'],
    ['/module.wasm', 'application/wasm'],
  ];
  for (const [urlPath, type] of types) {
    test(`${urlPath} is served as ${type}`, async () => {
      const response = await rawGet(port, urlPath);
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-type'], type);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    });
  }

  test('a directory serves its index.html; without the slash it redirects, keeping the query', async () => {
    const index = await rawGet(port, '/lesson/');
    assert.equal(index.status, 200);
    assert.match(index.body, /<title>lesson<\/title>/);
    const redirect = await rawGet(port, '/lesson?sandbox=local');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/lesson/?sandbox=local');
  });

  test('a missing page gets the site 404 page with status 404', async () => {
    const response = await rawGet(port, '/no/such/page');
    assert.equal(response.status, 404);
    assert.match(response.body, /<title>lost<\/title>/);
  });

  for (const urlPath of ['/../outside/secret.txt', '/%2e%2e/outside/secret.txt', '/..%2foutside%2fsecret.txt', '/lesson/..%2f..%2foutside/secret.txt']) {
    test(`no traversal: ${urlPath}`, async () => {
      const response = await rawGet(port, urlPath);
      assert.notEqual(response.status, 200);
      assert.doesNotMatch(response.body, new RegExp(OUTSIDE_SECRET));
    });
  }

  test('a symlink in the build pointing outside is not served', async () => {
    const response = await rawGet(port, '/leak.txt');
    assert.equal(response.status, 404);
    assert.doesNotMatch(response.body, new RegExp(OUTSIDE_SECRET));
  });

  test('a malformed escape is a 400', async () => {
    assert.equal((await rawGet(port, '/%E0%A4%A')).status, 400);
  });

  test('ETag and Last-Modified allow revalidation with 304', async () => {
    const first = await rawGet(port, '/styles/site.css');
    assert.ok(first.headers.etag);
    assert.ok(first.headers['last-modified']);
    assert.equal(first.headers['cache-control'], 'no-cache');
    const byTag = await rawGet(port, '/styles/site.css', { 'if-none-match': first.headers.etag as string });
    assert.equal(byTag.status, 304);
    assert.equal(byTag.body, '');
    const byDate = await rawGet(port, '/styles/site.css', { 'if-modified-since': first.headers['last-modified'] as string });
    assert.equal(byDate.status, 304);
  });

  test('hashed /_astro/ assets are cached for a year', async () => {
    const response = await rawGet(port, '/_astro/app.abc123.js');
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('HEAD has headers but no body; other methods are refused', async () => {
    const head = await rawGet(port, '/', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal((await rawGet(port, '/', {}, 'POST')).status, 405);
  });

  test('unknown /__workshop/ paths are 404, not files', async () => {
    assert.equal((await rawGet(port, '/__workshop/anything')).status, 404);
  });

  test("on-request isolation: COOP/COEP only on HTML asked for with ?sandbox=webcontainer", async () => {
    const plain = await rawGet(port, '/lesson/');
    assert.equal(plain.headers['cross-origin-opener-policy'], undefined);
    assert.equal(plain.headers['cross-origin-embedder-policy'], undefined);
    const isolated = await rawGet(port, '/lesson/?sandbox=webcontainer');
    assert.equal(isolated.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(isolated.headers['cross-origin-embedder-policy'], 'credentialless');
    const script = await rawGet(port, '/_astro/app.abc123.js?sandbox=webcontainer');
    assert.equal(script.headers['cross-origin-embedder-policy'], undefined);
  });
});

describe('static site with crossOriginIsolation: always', { timeout: 30_000 }, () => {
  let fixture: ServerFixture;
  before(async () => {
    fixture = await startServerFixture({ crossOriginIsolation: 'always' });
  });
  after(() => fixture.dispose());

  test('every HTML page is cross-origin isolated, including the 404 page', async () => {
    for (const urlPath of ['/', '/lesson/', '/missing']) {
      const response = await rawGet(fixture.server.port, urlPath);
      assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin', urlPath);
      assert.equal(response.headers['cross-origin-embedder-policy'], 'credentialless', urlPath);
    }
  });
});
