// The frontend server: static files, the /api and /rollbar proxy, 502 when the
// backend is down, and the optional BACKEND_PUBLIC_URL injection.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { listen, close, freePort, request } = require('./helpers');
const { createApp } = require('../backend/app');
const { createFrontendServer } = require('../frontend/server');

describe('frontend server', () => {
  let backend;
  let backendUrl;
  let frontend;
  let frontendUrl;

  before(async () => {
    backend = createApp().listen(0, '127.0.0.1');
    await new Promise((resolve) => backend.once('listening', resolve));
    backendUrl = `http://127.0.0.1:${backend.address().port}`;
    frontend = createFrontendServer({ backendUrl, backendPublicUrl: '' });
    frontendUrl = await listen(frontend);
  });

  after(async () => {
    await close(frontend);
    await close(backend);
  });

  it('serves index.html at / with the form and the script, and no backend URL by default', async () => {
    const res = await request(frontendUrl, 'GET', '/');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.match(res.text, /<form id="activity-form"/);
    assert.match(res.text, /<select id="activity-ttl"/);
    assert.match(res.text, /<option value="7-days" selected>/);
    assert.match(res.text, /<script src="\/app.js"><\/script>/);
    assert.doesNotMatch(res.text, /CRUDDUR_BACKEND_URL/);
    const head = await request(frontendUrl, 'HEAD', '/');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
  });

  it('serves app.js and style.css with their content types', async () => {
    const js = await request(frontendUrl, 'GET', '/app.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /^text\/javascript/);
    assert.equal(js.text, fs.readFileSync(path.join(__dirname, '../frontend/public/app.js'), 'utf8'));
    assert.match(js.text, /\/api\/activities\/home/);
    const css = await request(frontendUrl, 'GET', '/style.css');
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /^text\/css/);
  });

  it('does not serve files outside public/', async () => {
    for (const p of ['/%2e%2e/server.js', '/..%2fserver.js', '/%2e%2e/%2e%2e/package.json', '/nope.txt']) {
      const res = await request(frontendUrl, 'GET', p);
      assert.equal(res.status, 404, p);
    }
  });

  it('proxies GET /api/activities/home: same status, headers and body as the backend', async () => {
    const direct = await request(backendUrl, 'GET', '/api/activities/home');
    const res = await request(frontendUrl, 'GET', '/api/activities/home');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], direct.headers['content-type']);
    assert.ok(Array.isArray(res.json));
    assert.deepEqual(
      res.json.map((a) => [a.uuid, a.handle, a.message]),
      direct.json.map((a) => [a.uuid, a.handle, a.message])
    );
    assert.equal(res.json.length, 3);
  });

  it('forwards the query string and error statuses', async () => {
    const blank = await request(frontendUrl, 'GET', '/api/activities/search?term=');
    assert.equal(blank.status, 422);
    assert.deepEqual(blank.json, ['search_term_blank']);
    const ok = await request(frontendUrl, 'GET', '/api/activities/search?term=cloud');
    assert.equal(ok.status, 200);
    const missing = await request(frontendUrl, 'GET', '/api/nope');
    assert.equal(missing.status, 404);
    const wrong = await request(frontendUrl, 'DELETE', '/api/activities/home');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, 'GET, HEAD, OPTIONS');
  });

  it('streams a POST body to the backend and the answer back', async () => {
    const message = 'Proxied ' + '😀'.repeat(50);
    const res = await request(frontendUrl, 'POST', '/api/activities', { body: { message, ttl: '1-hour' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.message, message);
    assert.equal(res.json.handle, 'andrewbrown');
    const invalid = await request(frontendUrl, 'POST', '/api/activities', { body: { message: '', ttl: '1-hour' } });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.json, ['message_blank']);
  });

  it('proxies /rollbar/test', async () => {
    const res = await request(frontendUrl, 'GET', '/rollbar/test');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'Hello World!');
  });

  it('answers 502 with a JSON error when the backend is down', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const server = createFrontendServer({ backendUrl: deadUrl });
    const url = await listen(server);
    try {
      for (const p of ['/api/activities/home', '/rollbar/test']) {
        const res = await request(url, 'GET', p);
        assert.equal(res.status, 502);
        assert.match(res.headers['content-type'], /^application\/json/);
        assert.equal(res.json.error, 'bad_gateway');
      }
      const page = await request(url, 'GET', '/');
      assert.equal(page.status, 200, 'static files do not need the backend');
    } finally {
      await close(server);
    }
  });

  it('injects window.CRUDDUR_BACKEND_URL when BACKEND_PUBLIC_URL is set, escaped', async () => {
    const server = createFrontendServer({ backendUrl, backendPublicUrl: 'http://localhost:4567' });
    const url = await listen(server);
    try {
      const res = await request(url, 'GET', '/');
      assert.match(res.text, /<script>window\.CRUDDUR_BACKEND_URL = "http:\/\/localhost:4567";<\/script>/);
    } finally {
      await close(server);
    }
    const hostile = createFrontendServer({ backendUrl, backendPublicUrl: '"</script><script>alert(1)//' });
    const url2 = await listen(hostile);
    try {
      const res = await request(url2, 'GET', '/');
      assert.doesNotMatch(res.text, /<\/script><script>alert/);
      assert.match(res.text, /\\u003c\/script>/);
    } finally {
      await close(hostile);
    }
  });
});
