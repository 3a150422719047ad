import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredSpan } from '../../../src/kit/otlp/span-model.ts';
import { BoundedStore } from '../../../src/kit/store/bounded-store.ts';
import { SpanStore } from '../../../src/kit/store/span-store.ts';

describe('BoundedStore', () => {
  it('keeps the newest records, evicting the oldest first and counting evictions', () => {
    const store = new BoundedStore<number>({ capacity: 3 });
    store.add([1, 2]);
    store.add([3, 4, 5]);
    assert.deepEqual(store.values(), [3, 4, 5]);
    assert.equal(store.size, 3);
    assert.equal(store.evicted, 2);
    assert.equal(store.lastSeq, 5);
  });

  it('queries newest first with a filter, a limit and a sequence cursor', () => {
    const store = new BoundedStore<number>({ capacity: 10 });
    store.add([1, 2, 3, 4, 5, 6]);
    assert.deepEqual(store.query({ where: (n) => n % 2 === 0 }).map((r) => r.value), [6, 4, 2]);
    assert.deepEqual(store.query({ limit: 2 }).map((r) => r.value), [6, 5]);
    assert.deepEqual(store.query({ afterSeq: 4 }).map((r) => r.seq), [6, 5]);
  });

  it('tells subscribers about each batch, survives a throwing subscriber, and unsubscribes', () => {
    const store = new BoundedStore<string>({ capacity: 2 });
    const seen: string[][] = [];
    const original = console.error;
    console.error = () => {};
    try {
      store.subscribe(() => {
        throw new Error('broken listener');
      });
      const unsubscribe = store.subscribe((added) => seen.push(added.map((r) => r.value)));
      store.add(['a']);
      // A batch larger than the store only reports what is still stored.
      store.add(['b', 'c', 'd']);
      unsubscribe();
      store.add(['e']);
    } finally {
      console.error = original;
    }
    assert.deepEqual(seen, [['a'], ['c', 'd']]);
    assert.deepEqual(store.values(), ['d', 'e']);
  });

  it('wraps around many times and stays consistent', () => {
    const store = new BoundedStore<number>({ capacity: 7 });
    for (let i = 1; i <= 1000; i++) store.add([i]);
    assert.deepEqual(store.values(), [994, 995, 996, 997, 998, 999, 1000]);
    assert.equal(store.evicted, 993);
    store.clear();
    assert.equal(store.size, 0);
    store.add([1]);
    assert.deepEqual(store.values(), [1]);
  });

  it('rejects a useless capacity', () => {
    assert.throws(() => new BoundedStore({ capacity: 0 }), RangeError);
  });
});

function fakeSpan(name: string, service: string, traceId: string, receivedAt: number): StoredSpan {
  return {
    traceId,
    spanId: `${receivedAt}`.padStart(16, '0'),
    name,
    kind: 'internal',
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
    durationMs: 0,
    attributes: {},
    resource: { 'service.name': service },
    scope: { name: 's' },
    status: { code: 'unset' },
    events: [],
    links: [],
    receivedAt,
  };
}

describe('SpanStore', () => {
  const store = new SpanStore({ capacity: 100 });
  store.add([
    fakeSpan('a', 'backend-flask', 'aa'.repeat(16), 1000),
    fakeSpan('b', 'backend-flask', 'bb'.repeat(16), 2000),
    fakeSpan('a', 'frontend', 'bb'.repeat(16), 3000),
  ]);

  it('defaults to 50,000 spans', () => {
    assert.equal(new SpanStore().capacity, 50_000);
  });

  it('finds by service, trace id (any case), name and time range, newest first', () => {
    const names = (q: Parameters<SpanStore['find']>[0]) => store.find(q).map((r) => `${r.value.name}@${r.value.receivedAt}`);
    assert.deepEqual(names({ service: 'backend-flask' }), ['b@2000', 'a@1000']);
    assert.deepEqual(names({ traceId: 'BB'.repeat(16) }), ['a@3000', 'b@2000']);
    assert.deepEqual(names({ name: 'a' }), ['a@3000', 'a@1000']);
    assert.deepEqual(names({ since: 1500, until: 2500 }), ['b@2000']);
    assert.deepEqual(names({ limit: 1 }), ['a@3000']);
  });

  it('returns a trace oldest first', () => {
    assert.deepEqual(store.trace('bb'.repeat(16)).map((s) => s.receivedAt), [2000, 3000]);
  });
});
