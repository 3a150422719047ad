/**
 * The Rollbar stand-in through the REAL rollbar 3.1.0 client, unchanged but for `endpoint`: the week-2
 * `/rollbar/test` warning, and a real Express 5 app whose route throws, reported by `rollbar.errorHandler()`.
 * The access token must never come back out of any route.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Rollbar from 'rollbar';
import { repoDir } from '../../fixtures/kit/run-runner.ts';
import { readSse, startLocalAws, type LocalAws } from '../../fixtures/kit/logs/local-aws.ts';

const token = 'post_server_item_0123456789abcdef9f3c';
let local: LocalAws;

before(async () => {
  local = await startLocalAws();
});
after(async () => {
  await local.close();
});

async function getJson(path: string): Promise<any> {
  const response = await fetch(`${local.url}${path}`);
  const text = await response.text();
  assert.ok(!text.includes(token), `${path} leaked the access token`);
  return JSON.parse(text);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Rollbar stand-in with rollbar 3.1.0', () => {
  it("receives rollbar.warning('Hello World!') (the /rollbar/test item) and groups repeats into one item", async () => {
    const rollbar = new Rollbar({ accessToken: token, endpoint: `${local.url}/api/1/item/`, environment: 'production' });
    const uuids: string[] = [];
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve, reject) =>
        rollbar.warning('Hello World!', (error: Error | null, result?: { uuid?: string }) => {
          if (error) reject(error);
          else {
            uuids.push(result?.uuid ?? '');
            resolve();
          }
        }),
      );
    }
    assert.ok(uuids.every((u) => /^[0-9a-f-]{36}$/.test(u)));
    const list = await getJson('/workshop/rollbar/items?environment=production');
    const item = list.items.find((i: { title: string }) => i.title === 'Hello World!');
    assert.equal(item.level, 'warning');
    assert.equal(item.kind, 'message');
    assert.equal(item.occurrences, 2);
    assert.deepEqual(item.environments, ['production']);
    const detail = await getJson(`/workshop/rollbar/items/${item.id}`);
    assert.equal(detail.occurrences.length, 2);
    const occurrence = detail.occurrences[0];
    assert.equal(occurrence.uuid, uuids[1]);
    assert.equal(occurrence.data.body.message.body, 'Hello World!');
    assert.equal(occurrence.data.notifier.name, 'node_rollbar');
    assert.equal(occurrence.data.language, 'javascript');
    assert.equal(occurrence.tokenHint, 'tok_…9f3c');
    assert.equal(local.rollbar.stats.stored, 2);
  });

  it('receives an Express 5 route error through app.use(rollbar.errorHandler()): trace_chain, frames, request', async () => {
    const app: ChildProcessWithoutNullStreams = spawn(process.execPath, [join(repoDir, 'tests/fixtures/kit/rollbar/express-app.mjs')], {
      env: { ...process.env, ROLLBAR_ACCESS_TOKEN: token, ROLLBAR_ENDPOINT: `${local.url}/api/1/item/` },
    });
    let stderr = '';
    app.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        app.stdout.setEncoding('utf8').on('data', (c: string) => {
          out += c;
          if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0] ?? '{}') as { port: number }).port);
        });
        app.on('exit', (code) => reject(new Error(`fixture app exited (${code}): ${stderr}`)));
      });
      const live = readSse(local.port, '/workshop/rollbar/events', (events) => events.some((e) => e.data.some((o: { kind: string }) => o.kind === 'trace_chain')));
      const home = await fetch(`http://127.0.0.1:${port}/api/activities/home?x=1`);
      assert.equal(home.status, 500);
      const test = await fetch(`http://127.0.0.1:${port}/rollbar/test`);
      assert.equal(await test.text(), 'Hello World!');

      const events = await live;
      assert.equal(events.find((e) => e.event === 'occurrences')?.event, 'occurrences');
      const item = await waitFor(async () => (await getJson('/workshop/rollbar/items')).items.find((i: { kind: string }) => i.kind === 'trace_chain'), 'the error item');
      assert.equal(item.level, 'error');
      assert.match(item.title, /^TypeError: The view function for 'data_home' did not return a valid response/);
      const detail = await getJson(`/workshop/rollbar/items/${item.id}`);
      const data = detail.occurrences[0].data;
      assert.equal(data.environment, 'production');
      assert.equal(data.framework, 'node-js');
      const trace = data.body.trace_chain[0];
      assert.equal(trace.exception.class, 'TypeError');
      assert.match(trace.exception.message, /did not return a valid response/);
      assert.ok(trace.frames.length > 0);
      assert.ok(trace.frames.some((f: { filename: string; lineno: number }) => f.filename.endsWith('express-app.mjs') && f.lineno > 0), JSON.stringify(trace.frames.map((f: { filename: string }) => f.filename)));
      assert.equal(data.request.method, 'GET');
      assert.match(data.request.url, /\/api\/activities\/home\?x=1$/);
      assert.deepEqual(data.request.GET, { x: '1' });
      // The warning from /rollbar/test is grouped with the in-process one above.
      await waitFor(async () => ((await getJson('/workshop/rollbar/items')).items.find((i: { title: string }) => i.title === 'Hello World!')?.occurrences === 3 ? true : undefined), 'the third warning');
    } finally {
      app.kill('SIGTERM');
    }
  });

  it('never returns the token: not in items, occurrences, stats or the live feed', async () => {
    const response = await fetch(`${local.url}/api/1/item/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rollbar-access-token': token },
      body: JSON.stringify({ data: { environment: 'production', level: 'info', body: { message: { body: `my token is ${token}` } }, custom: { access_token: token, nested: { accessToken: token } } } }),
    });
    assert.equal(response.status, 200);
    const list = await getJson('/workshop/rollbar/items');
    const item = list.items.find((i: { title: string }) => i.title.startsWith('my token is'));
    assert.equal(item.title, 'my token is [redacted]');
    const detail = await getJson(`/workshop/rollbar/items/${item.id}`);
    assert.deepEqual(detail.occurrences[0].data.custom, { nested: {} });
    for (const route of ['/workshop/rollbar/items', '/workshop/logs/groups']) await getJson(route);
    const feed = await readSse(local.port, '/workshop/rollbar/events?after=0', (events) => events.length > 0);
    assert.ok(feed[0]?.data.length >= 1);
    assert.ok(!JSON.stringify(feed).includes(token));
  });
});
