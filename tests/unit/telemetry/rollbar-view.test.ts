/** The Rollbar view's compute: item filtering/order and an occurrence's trace chain, code context and request. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ago, environmentsOf, filterItems, occurrenceDetail, type RollbarItem } from '../../../src/telemetry/rollbar/rollbar-data.ts';

const item = (id: number, level: string, env: string, lastSeen: number, title = `Error ${id}`): RollbarItem => ({ id, fingerprint: `f${id}`, title, level, kind: 'trace', environments: [env], firstSeen: 0, lastSeen, occurrences: id });

describe('Rollbar items', () => {
  const items = [item(1, 'error', 'production', 10), item(2, 'warning', 'development', 30, 'Hello World!'), item(3, 'error', 'development', 20)];
  it('filters by level, environment and text, most recently seen first', () => {
    assert.deepEqual(filterItems(items, {}).map((i) => i.id), [2, 3, 1]);
    assert.deepEqual(filterItems(items, { level: 'error' }).map((i) => i.id), [3, 1]);
    assert.deepEqual(filterItems(items, { environment: 'development', level: 'error' }).map((i) => i.id), [3]);
    assert.deepEqual(filterItems(items, { text: 'hello' }).map((i) => i.id), [2]);
    assert.deepEqual(environmentsOf(items), ['development', 'production']);
    assert.equal(ago(0, 125_000), '2 min ago');
  });
});

describe('an occurrence', () => {
  it('reads a trace chain with code context and the request', () => {
    const detail = occurrenceDetail({
      environment: 'development',
      body: {
        trace_chain: [
          { exception: { class: 'Error', message: 'outer' }, frames: [{ filename: '/app/app.js', lineno: 12, colno: 3, method: 'handler', code: "throw new Error('outer')", context: { pre: ['a', 'b'], post: ['c'] } }] },
          { exception: { class: 'TypeError', message: 'inner' }, frames: [] },
        ],
      },
      request: { method: 'GET', url: 'http://localhost:4567/rollbar/test', user_ip: '127.0.0.1', headers: { accept: '*/*' }, GET: { q: '1' } },
      person: { id: '7', username: 'andrewbrown' },
      server: { host: 'devbox' },
    });
    assert.deepEqual(detail.chain.map((c) => [c.exceptionClass, c.message, c.frames.length]), [['Error', 'outer', 1], ['TypeError', 'inner', 0]]);
    assert.deepEqual(detail.chain[0]?.frames[0], { filename: '/app/app.js', lineno: 12, colno: 3, method: 'handler', code: "throw new Error('outer')", pre: ['a', 'b'], post: ['c'] });
    assert.equal(detail.request?.method, 'GET');
    assert.deepEqual(detail.request?.query, [['q', '1']]);
    assert.equal(detail.request?.userIp, '127.0.0.1');
    assert.deepEqual(detail.person, [['id', '7'], ['username', 'andrewbrown']]);
  });

  it('reads a message and tolerates missing parts', () => {
    const detail = occurrenceDetail({ body: { message: { body: 'Hello World!' } } });
    assert.equal(detail.message, 'Hello World!');
    assert.deepEqual(detail.chain, []);
    assert.equal(detail.request, undefined);
    assert.deepEqual(occurrenceDetail(undefined).chain, []);
  });
});
