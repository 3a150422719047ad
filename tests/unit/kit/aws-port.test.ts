/** The AWS port dispatcher on its own: handler order, 404s, crashes, error shapes per path, CORS, streams. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonReply, type RouteHandler } from '../../../src/kit/http-route.ts';
import { startAwsPort } from '../../../src/kit/aws-port/server.ts';
import { http } from '../../fixtures/kit/logs/local-aws.ts';

describe('startAwsPort', () => {
  it('tries handlers in order, passes the whole body, and 404s in AWS JSON when nobody answers', async () => {
    const seen: string[] = [];
    const first: RouteHandler = async (r) => (r.path === '/a' ? jsonReply(200, { by: 'first', body: r.body.toString(), q: r.query.get('q') }) : (seen.push('first'), undefined));
    const second: RouteHandler = async (r) => (r.path === '/a' || r.path === '/b' ? jsonReply(200, { by: 'second' }) : (seen.push('second'), undefined));
    const port = await startAwsPort({ port: 0, routes: [first, second] });
    try {
      assert.equal(port.host, '127.0.0.1');
      assert.deepEqual((await http(port.port, { path: '/a?q=1', body: 'hello' })).json(), { by: 'first', body: 'hello', q: '1' });
      assert.deepEqual((await http(port.port, { path: '/b' })).json(), { by: 'second' });
      const missing = await http(port.port, { path: '/c' });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json(), { __type: 'NotFoundException', message: 'No route for POST /c' });
      assert.deepEqual(seen, ['first', 'first', 'second']);
      assert.deepEqual(port.stats, { requests: 3, errors: 1, crashes: 0 });
    } finally {
      await port.close();
    }
  });

  it('turns a crashing handler into an AWS-shaped 500 without echoing the request, and keeps serving', async () => {
    const logged: string[] = [];
    const crash: RouteHandler = async (r) => {
      if (r.path === '/crash') throw new Error('handler bug');
      return jsonReply(200, { ok: true });
    };
    const port = await startAwsPort({ port: 0, routes: [crash], logError: (m) => logged.push(m), errorShapes: [{ prefix: '/api/1/', reply: (status, _code, message) => jsonReply(status, { err: 1, message }) }] });
    try {
      const reply = await http(port.port, { path: '/crash', headers: { 'x-rollbar-access-token': 'SECRET-IN-HEADER' }, body: 'SECRET-IN-BODY' });
      assert.equal(reply.status, 500);
      assert.equal(reply.headers['x-amzn-errortype'], 'InternalFailure');
      assert.equal(reply.json().__type, 'InternalFailure');
      assert.match(logged.join('\n'), /handler failed on POST \/crash: Error: handler bug/);
      assert.doesNotMatch(logged.join('\n'), /SECRET/);
      assert.equal((await http(port.port, { path: '/fine' })).status, 200);
      // A reply Node refuses to write (a newline in a header) is a crash too, not a dead server.
      const badHeader = await startAwsPort({ port: 0, routes: [async () => ({ status: 200, headers: { 'x-bad': 'a\nb' }, body: '' })], logError: () => {} });
      try {
        assert.equal((await http(badHeader.port, { path: '/' })).status, 500);
        assert.equal((await http(badHeader.port, { path: '/' })).status, 500);
      } finally {
        await badHeader.close();
      }
      // Under a prefix with its own shape, the port's own errors use it.
      const tooBig = await startAwsPort({ port: 0, routes: [crash], maxBodyBytes: 10, errorShapes: [{ prefix: '/api/1/', reply: (status, _code, message) => jsonReply(status, { err: 1, message }) }] });
      try {
        const big = await http(tooBig.port, { path: '/api/1/item/', body: 'x'.repeat(100) });
        assert.equal(big.status, 413);
        assert.equal(big.json().err, 1);
        const awsBig = await http(tooBig.port, { path: '/', body: 'x'.repeat(100) });
        assert.equal(awsBig.json().__type, 'RequestEntityTooLargeException');
      } finally {
        await tooBig.close();
      }
      assert.equal(port.stats.crashes, 1);
    } finally {
      await port.close();
    }
  });

  it('answers CORS preflights only under the CORS prefixes, and lets stream routes take raw responses', async () => {
    const port = await startAwsPort({
      port: 0,
      routes: [async () => jsonReply(200, {})],
      streams: [(req, res, url) => (url.pathname === '/workshop/live' ? (res.writeHead(200, { 'content-type': 'text/plain' }).end('raw'), true) : false)],
    });
    try {
      const preflight = await http(port.port, { method: 'OPTIONS', path: '/workshop/x', headers: { origin: 'http://localhost:4321', 'access-control-request-headers': 'content-type' } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], 'http://localhost:4321');
      assert.equal(preflight.headers['access-control-allow-headers'], 'content-type');
      const elsewhere = await http(port.port, { method: 'OPTIONS', path: '/', headers: { origin: 'http://evil.example' } });
      assert.equal(elsewhere.headers['access-control-allow-origin'], undefined);
      const live = await http(port.port, { method: 'GET', path: '/workshop/live', headers: { origin: 'http://127.0.0.1:4321' } });
      assert.equal(live.text, 'raw');
      assert.equal(live.headers['access-control-allow-origin'], 'http://127.0.0.1:4321');
      const foreign = await http(port.port, { method: 'GET', path: '/workshop/live', headers: { origin: 'http://evil.example' } });
      assert.equal(foreign.status, 403, 'a foreign page may not read the views');
    } finally {
      await port.close();
    }
  });

  it('refuses a busy port with EADDRINUSE', async () => {
    const port = await startAwsPort({ port: 0, routes: [] });
    try {
      await assert.rejects(startAwsPort({ port: port.port, routes: [] }), /EADDRINUSE/);
    } finally {
      await port.close();
    }
  });
});
