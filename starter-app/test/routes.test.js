// Every backend route: status, content type, body and mock data, validation
// (reference §5), fixed crash bugs (C1-C3), CORS (§3), 404/405 and HEAD.
const { describe, it, before, after, mock } = require('node:test');
const assert = require('node:assert/strict');
const { listen, close, request } = require('./helpers');

const FRONTEND_URL = 'http://frontend.test:3000';
const BACKEND_URL = 'http://backend.test:4567';
const EVIL = 'http://evil.test';

process.env.FRONTEND_URL = FRONTEND_URL;
process.env.BACKEND_URL = BACKEND_URL;
const { createApp } = require('../backend/app');
const HomeActivities = require('../backend/services/home_activities');

// 2023-02-25T18:39:27.123Z: every timestamp below is derived from it by hand.
const NOW = Date.UTC(2023, 1, 25, 18, 39, 27, 123);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PY_ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

let server;
let base;

before(async () => {
  server = createApp().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  await close(server);
});

const get = (path, headers) => request(base, 'GET', path, { headers });
const post = (path, body, headers) => request(base, 'POST', path, { body, headers });

function freezeTime(t, now = NOW) {
  t.mock.timers.enable({ apis: ['Date'], now });
}

function assertJson(res, status) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.notEqual(res.json, undefined, 'body is JSON');
}

// ---------------------------------------------------------------------------

describe('GET /api/activities/home', () => {
  it('returns the three mock activities, timestamps from one now (D1, D2, D8 kept)', async (t) => {
    freezeTime(t);
    const res = await get('/api/activities/home');
    assertJson(res, 200);
    assert.deepEqual(res.json, [
      {
        uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
        handle: 'Andrew Brown',
        message: 'Cloud is very fun!',
        created_at: '2023-02-23T18:39:27.123000+00:00',
        expires_at: '2023-03-02T18:39:27.123000+00:00',
        likes_count: 5,
        replies_count: 1,
        reposts_count: 0,
        replies: [
          {
            uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67',
            reply_to_activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
            handle: 'Worf',
            message: 'This post has no honor!',
            likes_count: 0,
            replies_count: 0,
            reposts_count: 0,
            created_at: '2023-02-23T18:39:27.123000+00:00',
          },
        ],
      },
      {
        uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67',
        handle: 'Worf',
        message: 'I am out of prune juice',
        created_at: '2023-02-18T18:39:27.123000+00:00',
        expires_at: '2023-03-06T18:39:27.123000+00:00',
        likes: 0,
        replies: [],
      },
      {
        uuid: '248959df-3079-4947-b847-9e0892d1bab4',
        handle: 'Garek',
        message: 'My dear doctor, I am just simple tailor',
        created_at: '2023-02-25T17:39:27.123000+00:00',
        expires_at: '2023-02-26T06:39:27.123000+00:00',
        likes: 0,
        replies: [],
      },
    ]);
  });

  it('uses the real clock, and all times share one now', async () => {
    const before = Date.now();
    const res = await get('/api/activities/home');
    const after = Date.now();
    assertJson(res, 200);
    const [a, b, c] = res.json;
    const H = 3600e3;
    const D = 24 * H;
    const stamps = [
      a.created_at, a.expires_at, a.replies[0].created_at,
      b.created_at, b.expires_at, c.created_at, c.expires_at,
    ];
    for (const s of stamps) assert.match(s, PY_ISO_UTC);
    const nows = [
      Date.parse(a.created_at) + 2 * D,
      Date.parse(a.expires_at) - 5 * D,
      Date.parse(a.replies[0].created_at) + 2 * D,
      Date.parse(b.created_at) + 7 * D,
      Date.parse(b.expires_at) - 9 * D,
      Date.parse(c.created_at) + H,
      Date.parse(c.expires_at) - 12 * H,
    ];
    assert.equal(new Set(nows).size, 1, `one now: ${nows}`);
    assert.ok(nows[0] >= before && nows[0] <= after, 'now is the time of the request');
  });

  it('drops the fraction when the milliseconds are 0, like Python', async (t) => {
    freezeTime(t, Date.UTC(2023, 1, 25, 18, 39, 27, 0));
    const res = await get('/api/activities/home');
    assert.equal(res.json[0].created_at, '2023-02-23T18:39:27+00:00');
  });

  it('pads milliseconds to microseconds', async (t) => {
    freezeTime(t, Date.UTC(2023, 1, 25, 18, 39, 27, 5));
    const res = await get('/api/activities/home');
    assert.equal(res.json[2].expires_at, '2023-02-26T06:39:27.005000+00:00');
  });

  it('HEAD answers like GET without a body', async () => {
    const getRes = await get('/api/activities/home');
    const res = await request(base, 'HEAD', '/api/activities/home');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(res.headers['content-length'], getRes.headers['content-length']);
    assert.equal(res.text, '');
  });

  it('answers 500 with the Flask message when the service returns nothing (§6.3 Rollbar demo)', async (t) => {
    t.mock.method(HomeActivities, 'run', () => undefined);
    const logged = [];
    t.mock.method(console, 'error', (e) => logged.push(e));
    const res = await get('/api/activities/home');
    assertJson(res, 500);
    assert.deepEqual(res.json, { error: 'Internal Server Error' });
    assert.equal(logged.length, 1);
    assert.ok(logged[0] instanceof Error);
    assert.equal(
      logged[0].message,
      "The view function for 'data_home' did not return a valid response. The function either returned None or ended without a return statement."
    );
  });

  it('does not leak the error or its stack in a 500 body', async (t) => {
    t.mock.method(HomeActivities, 'run', () => {
      throw new Error('secret detail');
    });
    t.mock.method(console, 'error', () => {});
    const res = await get('/api/activities/home');
    assertJson(res, 500);
    assert.doesNotMatch(res.text, /secret detail|\.js:\d+|at /);
  });
});

describe('GET /api/activities/notifications', () => {
  it('returns the one mock notification', async (t) => {
    freezeTime(t);
    const res = await get('/api/activities/notifications');
    assertJson(res, 200);
    assert.deepEqual(res.json, [
      {
        uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
        handle: 'coco',
        message: 'I am white unicorn',
        created_at: '2023-02-23T18:39:27.123000+00:00',
        expires_at: '2023-03-02T18:39:27.123000+00:00',
        likes_count: 5,
        replies_count: 1,
        reposts_count: 0,
        replies: [
          {
            uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67',
            reply_to_activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
            handle: 'worf',
            message: 'this post has no honor!',
            likes_count: 0,
            replies_count: 0,
            reposts_count: 0,
            created_at: '2023-02-23T18:39:27.123000+00:00',
          },
        ],
      },
    ]);
  });
});

describe('GET /api/activities/@:handle', () => {
  const expected = [
    {
      uuid: '248959df-3079-4947-b847-9e0892d1bab4',
      handle: 'Andrew Brown',
      message: 'Cloud is fun!',
      created_at: '2023-02-24T18:39:27.123000',
      expires_at: '2023-03-28T18:39:27.123000',
    },
  ];

  it('returns the same activity for any handle, with naive timestamps (D5)', async (t) => {
    freezeTime(t);
    for (const handle of ['andrewbrown', 'worf', 'Andrew%20Brown']) {
      const res = await get(`/api/activities/@${handle}`);
      assertJson(res, 200);
      assert.deepEqual(res.json, expected);
    }
  });

  it('an empty handle is matched by the show-activity route, as in Flask', async () => {
    const res = await get('/api/activities/@');
    assertJson(res, 200);
    assert.equal(typeof res.json[0].replies, 'object');
    assert.equal(res.json[0].replies.handle, 'Worf');
  });
});

describe('GET /api/activities/search', () => {
  it('returns the mock result for any non-empty term (D7)', async (t) => {
    freezeTime(t);
    for (const q of ['term=cloud', 'term=x&term=y', 'term=%20']) {
      const res = await get(`/api/activities/search?${q}`);
      assertJson(res, 200);
      assert.deepEqual(res.json, [
        {
          uuid: '248959df-3079-4947-b847-9e0892d1bab4',
          handle: 'Andrew Brown',
          message: 'Cloud is fun!',
          created_at: '2023-02-25T18:39:27.123000+00:00',
        },
      ]);
    }
  });

  it('answers 422 search_term_blank for a missing or empty term', async () => {
    for (const path of ['/api/activities/search', '/api/activities/search?term=', '/api/activities/search?other=1']) {
      const res = await get(path);
      assertJson(res, 422);
      assert.deepEqual(res.json, ['search_term_blank']);
    }
  });
});

describe('GET /api/activities/:activity_uuid (C1 fixed)', () => {
  it('returns 200 with replies as one object (D4), whatever the uuid', async (t) => {
    freezeTime(t);
    for (const uuid of ['68f126b0-1ceb-4a33-88be-d90fa7109eee', 'anything']) {
      const res = await get(`/api/activities/${uuid}`);
      assertJson(res, 200);
      assert.deepEqual(res.json, [
        {
          uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
          handle: 'Andrew Brown',
          message: 'Cloud is fun!',
          created_at: '2023-02-23T18:39:27.123000+00:00',
          expires_at: '2023-03-02T18:39:27.123000+00:00',
          replies: {
            uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67',
            handle: 'Worf',
            message: 'This post has no honor!',
            created_at: '2023-02-23T18:39:27.123000+00:00',
          },
        },
      ]);
    }
  });
});

describe('GET /api/message_groups and /api/messages/@:handle', () => {
  it('returns the two message groups', async (t) => {
    freezeTime(t);
    const res = await get('/api/message_groups');
    assertJson(res, 200);
    assert.deepEqual(res.json, [
      {
        uuid: '24b95582-9e7b-4e0a-9ad1-639773ab7552',
        display_name: 'Andrew Brown',
        handle: 'andrewbrown',
        created_at: '2023-02-25T18:39:27.123000+00:00',
      },
      {
        uuid: '417c360e-c4e6-4fce-873b-d2d71469b4ac',
        display_name: 'Worf',
        handle: 'worf',
        created_at: '2023-02-25T18:39:27.123000+00:00',
      },
    ]);
  });

  it('returns the two messages for any handle and query (D6)', async (t) => {
    freezeTime(t);
    for (const path of ['/api/messages/@worf', '/api/messages/@nobody?user_reciever_handle=x']) {
      const res = await get(path);
      assertJson(res, 200);
      assert.deepEqual(res.json, [
        {
          uuid: '4e81c06a-db0f-4281-b4cc-98208537772a',
          display_name: 'Andrew Brown',
          handle: 'andrewbrown',
          message: 'Cloud is fun!',
          created_at: '2023-02-25T18:39:27.123000+00:00',
        },
        {
          uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67',
          display_name: 'Andrew Brown',
          handle: 'andrewbrown',
          message: 'This platform is great!',
          created_at: '2023-02-25T18:39:27.123000+00:00',
        },
      ]);
    }
  });
});

describe('POST /api/activities', () => {
  const TTLS = {
    '30-days': '2023-03-27T18:39:27.123000+00:00',
    '7-days': '2023-03-04T18:39:27.123000+00:00',
    '3-days': '2023-02-28T18:39:27.123000+00:00',
    '1-day': '2023-02-26T18:39:27.123000+00:00',
    '12-hours': '2023-02-26T06:39:27.123000+00:00',
    '3-hours': '2023-02-25T21:39:27.123000+00:00',
    '1-hour': '2023-02-25T19:39:27.123000+00:00',
  };

  it('creates an activity for each of the 7 ttl values', async (t) => {
    freezeTime(t);
    for (const [ttl, expires_at] of Object.entries(TTLS)) {
      const res = await post('/api/activities', { message: 'Hello Cruddur', ttl });
      assertJson(res, 200);
      const { uuid, ...rest } = res.json;
      assert.match(uuid, UUID_V4);
      assert.deepEqual(rest, {
        display_name: 'Andrew Brown',
        handle: 'andrewbrown',
        message: 'Hello Cruddur',
        created_at: '2023-02-25T18:39:27.123000+00:00',
        expires_at,
      });
    }
  });

  it('gives each new activity a new uuid', async () => {
    const a = await post('/api/activities', { message: 'a', ttl: '1-day' });
    const b = await post('/api/activities', { message: 'a', ttl: '1-day' });
    assert.notEqual(a.json.uuid, b.json.uuid);
  });

  const cases = [
    [{ ttl: '2-days', message: 'hi' }, 'ttl_blank'],
    [{ ttl: '2-days', message: '' }, 'message_blank'], // only the LAST failing check (D9)
    [{ ttl: '7-days', message: '' }, 'message_blank'],
    [{ ttl: '7-days', message: null }, 'message_blank'],
    [{ ttl: '7-days', message: 'x'.repeat(281) }, 'message_exceed_max_chars'],
    [{ ttl: 'nope', message: 'x'.repeat(281) }, 'message_exceed_max_chars'],
    [{ ttl: '7-days', message: '😀'.repeat(281) }, 'message_exceed_max_chars'],
    [{ ttl: 'constructor', message: 'hi' }, 'ttl_blank'],
    [{ ttl: 7, message: 'hi' }, 'ttl_blank'],
    [{ ttl: '7-days', message: 42 }, 'message_blank'],
    // C3: a missing key is blank, not a crash
    [{ message: 'hi' }, 'ttl_blank'],
    [{ ttl: '7-days' }, 'message_blank'],
    [{}, 'message_blank'],
    [[], 'message_blank'],
  ];
  for (const [body, code] of cases) {
    it(`answers 422 ["${code}"] for ${JSON.stringify(body).slice(0, 60)}`, async () => {
      const res = await post('/api/activities', body);
      assertJson(res, 422);
      assert.deepEqual(res.json, [code]);
    });
  }

  it('counts code points: 280 emoji (560 UTF-16 units) is allowed; whitespace is not blank', async () => {
    for (const message of ['x'.repeat(280), '😀'.repeat(280), '   ']) {
      const res = await post('/api/activities', { message, ttl: '7-days' });
      assertJson(res, 200);
      assert.equal(res.json.message, message);
    }
  });

  it('refuses a body that is not JSON (415) and malformed JSON (400), without a stack', async () => {
    const text = await request(base, 'POST', '/api/activities', {
      body: 'message=hi&ttl=7-days',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertJson(text, 415);
    const bad = await request(base, 'POST', '/api/activities', {
      body: '{"message": ',
      headers: { 'content-type': 'application/json' },
    });
    assertJson(bad, 400);
    assert.doesNotMatch(bad.text, /node_modules|\.js:\d+/);
  });
});

describe('POST /api/activities/:activity_uuid/reply (C2, C3 fixed)', () => {
  it('creates a reply to the uuid in the path', async (t) => {
    freezeTime(t);
    const res = await post('/api/activities/abc-123/reply', { message: 'Qapla!' });
    assertJson(res, 200);
    const { uuid, ...rest } = res.json;
    assert.match(uuid, UUID_V4);
    assert.deepEqual(rest, {
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'Qapla!',
      created_at: '2023-02-25T18:39:27.123000+00:00',
      reply_to_activity_uuid: 'abc-123',
    });
  });

  it('allows 1024 code points', async () => {
    for (const message of ['x'.repeat(1024), '😀'.repeat(1024)]) {
      const res = await post('/api/activities/abc/reply', { message });
      assertJson(res, 200);
    }
  });

  const cases = [
    [{ message: '' }, 'message_blank'],
    [{ message: null }, 'message_blank'],
    [{}, 'message_blank'],
    [{ message: 'x'.repeat(1025) }, 'message_exceed_max_chars'],
    [{ message: '😀'.repeat(1025) }, 'message_exceed_max_chars'],
  ];
  for (const [body, code] of cases) {
    it(`answers 422 ["${code}"] for ${JSON.stringify(body).slice(0, 40)}`, async () => {
      const res = await post('/api/activities/abc/reply', body);
      assertJson(res, 422);
      assert.deepEqual(res.json, [code]);
    });
  }
});

describe('POST /api/messages', () => {
  it('creates a message without echoing the receiver', async (t) => {
    freezeTime(t);
    const res = await post('/api/messages', { user_receiver_handle: 'worf', message: 'Hello Worf' });
    assertJson(res, 200);
    const { uuid, ...rest } = res.json;
    assert.match(uuid, UUID_V4);
    assert.deepEqual(rest, {
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'Hello Worf',
      created_at: '2023-02-25T18:39:27.123000+00:00',
    });
  });

  const cases = [
    [{ message: 'hi' }, 'user_reciever_handle_blank'],
    [{ user_receiver_handle: '', message: 'hi' }, 'user_reciever_handle_blank'],
    [{ user_receiver_handle: 'worf', message: '' }, 'message_blank'],
    [{ user_receiver_handle: 'worf' }, 'message_blank'],
    [{ user_receiver_handle: '', message: 'x'.repeat(1025) }, 'message_exceed_max_chars'],
    [{}, 'message_blank'],
  ];
  for (const [body, code] of cases) {
    it(`answers 422 ["${code}"] for ${JSON.stringify(body).slice(0, 50)}`, async () => {
      const res = await post('/api/messages', body);
      assertJson(res, 422);
      assert.deepEqual(res.json, [code]);
    });
  }

  it('allows 1024 characters', async () => {
    const res = await post('/api/messages', { user_receiver_handle: 'worf', message: 'x'.repeat(1024) });
    assertJson(res, 200);
  });
});

describe('GET /rollbar/test', () => {
  it('returns Hello World! as text/html without CORS headers', async () => {
    const res = await get('/rollbar/test', { origin: FRONTEND_URL });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
    assert.equal(res.text, 'Hello World!');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });

  it('OPTIONS has no CORS headers either', async () => {
    const res = await request(base, 'OPTIONS', '/rollbar/test', {
      headers: { origin: FRONTEND_URL, 'access-control-request-method': 'GET' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS');
  });
});

describe('404 and 405', () => {
  for (const path of ['/', '/api', '/api/nope', '/api/activities/a/b/c', '/rollbar']) {
    it(`GET ${path} is 404`, async () => {
      const res = await get(path);
      assert.equal(res.status, 404);
      assert.match(res.headers['content-type'], /^text\/html/);
      assert.match(res.text, /Not Found/);
    });
  }

  const wrong = [
    ['POST', '/api/activities/home', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/api/activities/notifications', 'GET, HEAD, OPTIONS'],
    ['PUT', '/api/activities/search', 'GET, HEAD, OPTIONS'],
    ['POST', '/api/activities/@andrewbrown', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/api/activities/some-uuid', 'GET, HEAD, OPTIONS'],
    ['POST', '/api/message_groups', 'GET, HEAD, OPTIONS'],
    ['POST', '/api/messages/@worf', 'GET, HEAD, OPTIONS'],
    ['POST', '/rollbar/test', 'GET, HEAD, OPTIONS'],
    ['GET', '/api/activities', 'OPTIONS, POST'],
    ['PUT', '/api/activities', 'OPTIONS, POST'],
    ['GET', '/api/activities/some-uuid/reply', 'OPTIONS, POST'],
    ['GET', '/api/messages', 'OPTIONS, POST'],
    ['DELETE', '/api/messages', 'OPTIONS, POST'],
  ];
  for (const [method, path, allow] of wrong) {
    it(`${method} ${path} is 405 (Allow: ${allow})`, async () => {
      const res = await request(base, method, path);
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, allow);
      assert.match(res.text, /Method Not Allowed/);
    });
  }
});

describe('CORS on GET /api/* routes (§3)', () => {
  const routes = [
    '/api/activities/home',
    '/api/activities/notifications',
    '/api/activities/@andrewbrown',
    '/api/activities/search?term=x',
    '/api/activities/some-uuid',
    '/api/message_groups',
    '/api/messages/@worf',
  ];

  for (const path of routes) {
    it(`${path}: allowed origins get the CORS headers, others do not`, async () => {
      for (const origin of [FRONTEND_URL, BACKEND_URL]) {
        const res = await get(path, { origin });
        assert.equal(res.status, 200);
        assert.equal(res.headers['access-control-allow-origin'], origin);
        assert.match(res.headers.vary, /Origin/);
        assert.match(res.headers['access-control-expose-headers'], /location/);
        assert.match(res.headers['access-control-expose-headers'], /link/);
      }
      const evil = await get(path, { origin: EVIL });
      assert.equal(evil.status, 200);
      assert.equal(evil.headers['access-control-allow-origin'], undefined);
    });
  }

  it('preflight allows content-type and if-modified-since from an allowed origin', async () => {
    const res = await request(base, 'OPTIONS', '/api/activities/home', {
      headers: {
        origin: FRONTEND_URL,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'content-type,if-modified-since',
      },
    });
    assert.ok(res.status === 200 || res.status === 204, `status ${res.status}`);
    assert.equal(res.headers['access-control-allow-origin'], FRONTEND_URL);
    const allowed = res.headers['access-control-allow-headers'].toLowerCase().split(/\s*,\s*/);
    assert.ok(allowed.includes('content-type'));
    assert.ok(allowed.includes('if-modified-since'));
    const methods = res.headers['access-control-allow-methods'].split(/\s*,\s*/);
    for (const m of ['GET', 'HEAD', 'POST', 'OPTIONS']) assert.ok(methods.includes(m), m);
  });

  it('preflight does NOT allow traceparent (a week-2 lesson step adds it)', async () => {
    const res = await request(base, 'OPTIONS', '/api/activities/home', {
      headers: {
        origin: FRONTEND_URL,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'traceparent',
      },
    });
    const allowed = (res.headers['access-control-allow-headers'] || '').toLowerCase();
    assert.doesNotMatch(allowed, /traceparent|\*/);
  });

  it('preflight from a foreign origin gets no Access-Control-Allow-Origin', async () => {
    const res = await request(base, 'OPTIONS', '/api/activities/home', {
      headers: { origin: EVIL, 'access-control-request-method': 'GET' },
    });
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });

  it('a trailing slash in FRONTEND_URL still matches the Origin header', async () => {
    const saved = process.env.FRONTEND_URL;
    process.env.FRONTEND_URL = 'http://slash.test:3000/';
    const other = createApp().listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => other.once('listening', resolve));
      const url = `http://127.0.0.1:${other.address().port}`;
      const res = await request(url, 'GET', '/api/activities/home', {
        headers: { origin: 'http://slash.test:3000' },
      });
      assert.equal(res.headers['access-control-allow-origin'], 'http://slash.test:3000');
    } finally {
      process.env.FRONTEND_URL = saved;
      await close(other);
    }
  });
});

describe('CORS on the three POST routes: permissive, like @cross_origin()', () => {
  const routes = [
    ['/api/activities', { message: 'hi', ttl: '7-days' }],
    ['/api/activities/some-uuid/reply', { message: 'hi' }],
    ['/api/messages', { message: 'hi', user_receiver_handle: 'worf' }],
  ];
  for (const [path, body] of routes) {
    it(`${path}: preflight echoes any origin and any requested header`, async () => {
      const res = await request(base, 'OPTIONS', path, {
        headers: {
          origin: EVIL,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,traceparent',
        },
      });
      assert.equal(res.status, 200);
      assert.equal(res.text, '');
      assert.equal(res.headers['access-control-allow-origin'], EVIL);
      const allowed = res.headers['access-control-allow-headers'].toLowerCase();
      assert.match(allowed, /content-type/);
      assert.match(allowed, /traceparent/);
      const methods = res.headers['access-control-allow-methods'].split(/\s*,\s*/);
      for (const m of ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']) {
        assert.ok(methods.includes(m), m);
      }
    });

    it(`${path}: POST from any origin is readable`, async () => {
      const res = await post(path, body, { origin: EVIL });
      assertJson(res, 200);
      assert.equal(res.headers['access-control-allow-origin'], EVIL);
    });
  }
});
