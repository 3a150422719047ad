import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupingOf } from '../../../src/kit/rollbar/grouping.ts';
import { maxOccurrenceBytes, RollbarStore } from '../../../src/kit/rollbar/item-store.ts';
import { scrubToken, tokenHint } from '../../../src/kit/rollbar/scrub.ts';
import { validatePayload, type RollbarData } from '../../../src/kit/rollbar/validate.ts';

const message = (body: string, extra: Record<string, unknown> = {}): RollbarData => ({ environment: 'production', body: { message: { body } }, ...extra });
const trace = (cls: string, msg: string, extra: Record<string, unknown> = {}): RollbarData => ({
  environment: 'production',
  body: { trace_chain: [{ frames: [{ filename: 'app.js', lineno: 3 }], exception: { class: cls, message: msg } }, { frames: [], exception: { class: 'Cause', message: 'inner' } }], telemetry: [] },
  ...extra,
});

describe('Rollbar payload validation', () => {
  it('accepts what rollbar.js and pyrollbar send (telemetry beside the body kind is fine)', () => {
    const ok = validatePayload({ data: trace('TypeError', 'x', { level: 'error', timestamp: 1700000000, uuid: 'abc' }) });
    assert.equal(ok.ok, true);
    assert.equal(ok.ok && ok.kind, 'trace_chain');
    assert.equal(validatePayload({ data: { environment: 'p', body: { trace: { frames: [], exception: { class: 'E' } } } } }).ok, true);
    assert.equal(validatePayload({ data: { environment: 'p', body: { crash_report: { raw: 'boom' } } } }).ok, true);
  });

  it('wants exactly one body kind and an allowed level', () => {
    const both = validatePayload({ data: { environment: 'p', body: { message: { body: 'a' }, crash_report: { raw: 'b' } } } });
    assert.equal(both.ok, false);
    assert.match(!both.ok ? both.message : '', /^Invalid format\. data\.body must contain exactly one of trace, trace_chain, message, crash_report \(found message, crash_report\)\.$/);
    const level = validatePayload({ data: { ...message('x'), level: 'warn' } });
    assert.match(!level.ok ? level.message : '', /level must be one of/);
  });
});

describe('Rollbar grouping', () => {
  it('groups traces by the outermost exception class and message, messages by text', () => {
    assert.equal(groupingOf(trace('TypeError', 'a'), 'trace_chain').fingerprint, groupingOf(trace('TypeError', 'a', { level: 'critical' }), 'trace_chain').fingerprint);
    assert.notEqual(groupingOf(trace('TypeError', 'a'), 'trace_chain').fingerprint, groupingOf(trace('TypeError', 'b'), 'trace_chain').fingerprint);
    assert.equal(groupingOf(trace('TypeError', 'a'), 'trace_chain').title, 'TypeError: a');
    assert.equal(groupingOf(message('Hello World!'), 'message').title, 'Hello World!');
    assert.match(groupingOf(message('Hello World!'), 'message').fingerprint, /^[0-9a-f]{40}$/);
  });

  it('uses an explicit fingerprint (hashed past 40 characters) and title', () => {
    assert.equal(groupingOf(message('a', { fingerprint: 'my-group' }), 'message').fingerprint, 'my-group');
    assert.match(groupingOf(message('a', { fingerprint: 'x'.repeat(41) }), 'message').fingerprint, /^[0-9a-f]{40}$/);
    assert.equal(groupingOf(message('a', { title: 'Custom\ntitle' }), 'message').title, 'Custom title');
  });
});

describe('token scrubbing', () => {
  it('drops token members at any depth and replaces the token text, keeping __proto__ as data', () => {
    const token = 'secret-token-1234';
    const scrubbed = scrubToken(JSON.parse(`{"access_token":"${token}","a":{"AccessToken":"x","b":["say ${token}"],"${token}":1},"__proto__":{"polluted":true}}`), token) as Record<string, any>;
    assert.equal(JSON.stringify(scrubbed).includes(token), false);
    assert.deepEqual(scrubbed['a'], { b: ['say [redacted]'], '[redacted]': 1 });
    assert.equal(Object.getPrototypeOf(scrubbed), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(scrubbed, '__proto__')?.value, { polluted: true });
  });

  it('shows at most the last four characters, and only of long tokens', () => {
    assert.equal(tokenHint('0123456789abcdefWXYZ'), 'tok_…WXYZ');
    assert.equal(tokenHint('short-token'), 'tok_…');
  });
});

describe('RollbarStore', () => {
  it('counts occurrences per item, keeps the worst level, and lists most recently seen first', () => {
    const store = new RollbarStore();
    store.add(message('Hello World!', { level: 'warning' }), 'message', 'u1', 1000);
    store.add(trace('TypeError', 'x'), 'trace_chain', 'u2', 2000);
    const again = store.add(message('Hello World!', { level: 'critical' }), 'message', 'u3', 3000);
    assert.equal(again.item.occurrences, 2);
    assert.equal(again.item.level, 'critical');
    assert.equal(again.item.firstSeen, 1000);
    assert.equal(again.item.lastSeen, 3000);
    assert.deepEqual(store.items().map((i) => i.title), ['Hello World!', 'TypeError: x']);
    assert.deepEqual(store.occurrencesOf(again.item.id, 10).map((r) => r.value.uuid), ['u3', 'u1']);
    assert.equal(store.item(again.item.id), again.item);
  });

  it('is bounded: oldest occurrences and least recently seen items go first, counted', () => {
    const store = new RollbarStore({ capacity: 3 });
    for (let i = 0; i < 5; i++) store.add(message(`m${i}`), 'message', `u${i}`, i);
    assert.equal(store.occurrences.size, 3);
    assert.equal(store.occurrences.evicted, 2);
    assert.equal(store.itemCount, 3);
    assert.equal(store.itemsEvicted, 2);
    assert.deepEqual(store.items().map((i) => i.title), ['m4', 'm3', 'm2']);
    assert.equal(store.item(1), undefined);
  });

  it('trims huge occurrences: telemetry and configured options first, then down to a summary', () => {
    const store = new RollbarStore();
    const bulky = { ...trace('E', 'm'), notifier: { name: 'node_rollbar', configured_options: { big: 'o'.repeat(maxOccurrenceBytes) } } };
    (bulky.body as Record<string, unknown>)['telemetry'] = ['t'.repeat(maxOccurrenceBytes)];
    const first = store.add(bulky, 'trace_chain', 'u1', 1).record.value;
    assert.equal(first.trimmed, true);
    assert.ok(first.dataJson.length <= maxOccurrenceBytes);
    const kept = JSON.parse(first.dataJson) as { body: { trace_chain: unknown[]; telemetry?: unknown }; notifier: Record<string, unknown> };
    assert.equal(kept.body.trace_chain.length, 2);
    assert.equal(kept.body.telemetry, undefined);
    assert.deepEqual(kept.notifier, { name: 'node_rollbar' });
    const huge = store.add(message('x'.repeat(2 * maxOccurrenceBytes)), 'message', 'u2', 2).record.value;
    assert.equal(huge.trimmed, true);
    assert.match(JSON.parse(huge.dataJson).note, /trimmed to its summary/);
    assert.equal(huge.title.length, 255);
  });
});
