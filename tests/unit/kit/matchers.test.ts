import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineChecks, hintFor } from '../../../src/checks/define.ts';
import { parseRunnerOutput } from '../../../src/checks/results.ts';
import { closeness, editDistance } from '../../../src/checks/similarity.ts';
import { span } from '../../../src/checks/span-matcher.ts';
import { describeDiffs, searchSpans, SpanIndexBuilder } from '../../../src/checks/span-search.ts';
import type { StoredSpan } from '../../../src/checks/types.ts';
import { anyInteger, equals, isoString, matching, oneOf } from '../../../src/checks/values.ts';

let nextId = 1;
function mk(overrides: Partial<StoredSpan> = {}): StoredSpan {
  const id = (nextId++).toString(16).padStart(16, '0');
  return {
    traceId: 'ab'.repeat(16),
    spanId: id,
    name: 'home-activities-mock-data',
    kind: 'internal',
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
    durationMs: 0,
    attributes: { 'app.now': '2023-02-25T18:39:27.123Z', 'app.result_length': 3 },
    resource: { 'service.name': 'backend-flask' },
    scope: { name: 'home.activities' },
    status: { code: 'unset' },
    events: [],
    links: [],
    receivedAt: 0,
    ...overrides,
  };
}

const wanted = span({ name: 'home-activities-mock-data', scope: 'home.activities', service: 'backend-flask', attributes: { 'app.now': isoString(), 'app.result_length': 3 } });
const check = (matcher: ReturnType<typeof span>, spans: StoredSpan[]) => searchSpans(matcher, spans, new SpanIndexBuilder(spans));

describe('span matcher', () => {
  it('matches the right span', () => {
    const good = mk();
    assert.equal(check(wanted, [mk({ name: 'other' }), good]).match, good);
  });

  it('reports a near-miss name as a typo and prefers it over unrelated spans', () => {
    const typo = mk({ name: 'home-activites-mock-data' });
    const result = check(wanted, [mk({ name: 'GET /api/activities/home', kind: 'server', attributes: {} }), typo]);
    assert.equal(result.match, undefined);
    assert.equal(result.nearest?.span, typo);
    assert.deepEqual(result.nearest?.diffs, [{ field: 'name', problem: 'typo', expected: '"home-activities-mock-data"', actual: 'home-activites-mock-data' }]);
  });

  it('calls a different name different, and separators or case a typo', () => {
    assert.equal(check(wanted, [mk({ name: 'load-data' })]).nearest?.diffs[0]?.problem, 'different');
    assert.equal(check(wanted, [mk({ name: 'home_activities_mock_data' })]).nearest?.diffs[0]?.problem, 'typo');
    assert.equal(check(wanted, [mk({ name: 'Home-Activities-Mock-Data' })]).nearest?.diffs[0]?.problem, 'typo');
  });

  it('distinguishes a missing attribute, a wrong type, a wrong value and a misspelt key', () => {
    const diffsOf = (attributes: StoredSpan['attributes']) => check(wanted, [mk({ attributes })]).nearest?.diffs;
    assert.deepEqual(diffsOf({ 'app.now': '2023-02-25T18:39:27Z' }), [{ field: 'attributes.app.result_length', problem: 'missing', expected: '3' }]);
    assert.deepEqual(diffsOf({ 'app.now': '2023-02-25T18:39:27Z', 'app.result_length': '3' }), [{ field: 'attributes.app.result_length', problem: 'wrong-type', expected: '3', actual: '3' }]);
    assert.deepEqual(diffsOf({ 'app.now': '2023-02-25T18:39:27Z', 'app.result_length': 0 }), [{ field: 'attributes.app.result_length', problem: 'different', expected: '3', actual: 0 }]);
    assert.deepEqual(diffsOf({ 'app.now': '2023-02-25T18:39:27Z', 'app.result-length': 3 }), [
      { field: 'attributes.app.result_length', problem: 'typo', expected: '3', actual: 3, note: 'found key "app.result-length"' },
    ]);
  });

  it('reports a wrong tracer (scope) and service', () => {
    const diffs = check(wanted, [mk({ scope: { name: 'home.activity' }, resource: { 'service.name': 'unknown_service:node' } })]).nearest?.diffs;
    assert.deepEqual(
      diffs?.map((d) => [d.field, d.problem]),
      [
        ['service', 'different'],
        ['scope', 'typo'],
      ],
    );
  });

  it('picks the nearest of several misses (fewest, smallest differences)', () => {
    const far = mk({ name: 'something-else', attributes: {} });
    const close = mk({ attributes: { 'app.now': 'yesterday', 'app.result_length': 3 } });
    assert.equal(check(wanted, [close, far]).nearest?.span, close);
    assert.equal(check(wanted, [far, close]).nearest?.span, close);
    assert.equal(check(wanted, []).nearest, undefined);
  });

  it('checks parent, ancestor and child relations within a trace', () => {
    const server = mk({ name: 'GET /api/activities/home', kind: 'server', attributes: {} });
    const middle = mk({ name: 'request handler', parentSpanId: server.spanId, attributes: {} });
    const leaf = mk({ parentSpanId: middle.spanId });
    const orphan = mk({ parentSpanId: 'ffffffffffffffff' });
    const root = mk();
    const all = [server, middle, leaf];

    assert.equal(check(span({ name: leaf.name, childOf: span({ name: 'request handler' }) }), all).match, leaf);
    assert.equal(check(span({ name: leaf.name, descendantOf: span({ kind: 'server' }) }), all).match, leaf);
    assert.equal(check(span({ kind: 'server', parentOf: span({ name: 'request handler' }) }), all).match, server);

    const rootMiss = check(span({ name: leaf.name, descendantOf: span({ kind: 'server' }) }), [root]).nearest?.diffs[0];
    assert.deepEqual(rootMiss, { field: 'ancestor', problem: 'missing', expected: 'a span of kind server', actual: 'no parent (a root span)' });
    const orphanMiss = check(span({ name: leaf.name, childOf: span({ kind: 'server' }) }), [orphan]).nearest?.diffs[0];
    assert.equal(orphanMiss?.problem, 'missing');
    assert.match(String(orphanMiss?.actual), /never arrived/);
    const wrongParent = check(span({ name: leaf.name, descendantOf: span({ kind: 'client' }) }), all).nearest?.diffs[0];
    assert.deepEqual(wrongParent, { field: 'ancestor', problem: 'different', expected: 'a span of kind client', actual: 'request handler (internal) → GET /api/activities/home (server)' });
  });

  it('survives parent cycles', () => {
    const a = mk({ spanId: 'aaaaaaaaaaaaaaaa', parentSpanId: 'bbbbbbbbbbbbbbbb' });
    const b = mk({ spanId: 'bbbbbbbbbbbbbbbb', parentSpanId: 'aaaaaaaaaaaaaaaa' });
    assert.equal(check(span({ descendantOf: span({ kind: 'server' }) }), [a, b]).match, undefined);
  });

  it('describes itself and its diffs in words', () => {
    assert.match(wanted.description, /named "home-activities-mock-data".*tracer "home.activities".*app.now = an ISO 8601 timestamp string/);
    assert.equal(
      describeDiffs([{ field: 'name', problem: 'typo', expected: '"a"', actual: 'b' }]),
      'name: expected "a", got "b" (typo)',
    );
    assert.equal(span().description, 'any span');
  });

  it('supports regex names, kind, status and custom predicates', () => {
    const s = mk({ kind: 'server', status: { code: 'error' } });
    assert.equal(check(span({ name: /^home-/, kind: 'server', status: 'error', where: (x) => x.durationMs === 0 || 'slow' }), [s]).match, s);
    assert.deepEqual(check(span({ where: () => 'too slow' }), [s]).nearest?.diffs, [{ field: 'where', problem: 'different', expected: 'too slow' }]);
  });
});

describe('value matchers', () => {
  it('isoString accepts JS and Python ISO forms only', () => {
    const m = isoString();
    for (const ok of ['2023-02-25T18:39:27.123Z', '2023-02-25T18:39:27.123000+00:00', '2023-02-25T18:39:27.123456', '2023-02-25T18:39:27']) assert.deepEqual(m.test(ok), { ok: true }, ok);
    assert.deepEqual(m.test('Sat Feb 25 2023 18:39:27 GMT+0000'), { ok: false, problem: 'different' });
    assert.deepEqual(m.test('2023-13-45T99:99:99Z'), { ok: false, problem: 'different' });
    assert.deepEqual(m.test(1677350367123), { ok: false, problem: 'wrong-type' });
    assert.deepEqual(m.test(undefined), { ok: false, problem: 'missing' });
  });

  it('equals is strict about type, deep for arrays and maps', () => {
    assert.deepEqual(equals([1, { a: 'x' }]).test([1, { a: 'x' }]), { ok: true });
    assert.deepEqual(equals([1, 2]).test([1, 3]), { ok: false, problem: 'different' });
    assert.deepEqual(equals(true).test('true'), { ok: false, problem: 'wrong-type' });
  });

  it('anyInteger, matching, oneOf', () => {
    assert.deepEqual(anyInteger().test(2.5), { ok: false, problem: 'different' });
    assert.deepEqual(matching(/^GET /).test('GET /x'), { ok: true });
    assert.deepEqual(oneOf(1, 2).test('1'), { ok: false, problem: 'wrong-type' });
  });
});

describe('similarity', () => {
  it('counts edits, with a transposition as one', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(closeness('home.activities', 'home.activities'), 'equal');
    assert.equal(closeness('home-activities-mock-data', 'home-activties-mock-data'), 'close');
    assert.equal(closeness('home-activities-mock-data', 'GET /api/activities/home'), 'far');
  });
});

describe('defineChecks and hints', () => {
  const base = { app: { cwd: 'backend', command: 'node', args: ['app.js'] } };
  const run = async () => ({ status: 'passed' as const });

  it('rejects duplicate ids, bad ids and forward needs', () => {
    assert.throws(() => defineChecks({ ...base, checks: [{ id: 'a', title: 'A', run }, { id: 'a', title: 'A', run }] }), /duplicate/);
    assert.throws(() => defineChecks({ ...base, checks: [{ id: 'Bad Id', title: 'A', run }] }), /kebab-case/);
    assert.throws(() => defineChecks({ ...base, checks: [{ id: 'a', title: 'A', needs: ['b'], run }, { id: 'b', title: 'B', run }] }), /not an earlier check/);
    assert.equal(defineChecks({ ...base, checks: [{ id: 'a', title: 'A', run }] }).checks.length, 1);
  });

  it('picks hints by attempt, repeating the last', () => {
    const hints = { r: ['first', 'second'], s: 'only' };
    assert.equal(hintFor(hints, 'r', 1), 'first');
    assert.equal(hintFor(hints, 'r', 2), 'second');
    assert.equal(hintFor(hints, 'r', 9), 'second');
    assert.equal(hintFor(hints, 's', 3), 'only');
    assert.equal(hintFor(hints, 'missing', 1), undefined);
  });

  it('parses runner output, ignoring stray lines', () => {
    const lines = parseRunnerOutput('{"type":"plan","step":"x","attempt":1,"checks":[]}\nnoise\n{"type":"done","passed":0,"failed":0,"optionalFailed":0,"waiting":0,"durationMs":1}\n');
    assert.deepEqual(lines.map((l) => l.type), ['plan', 'done']);
  });
});
