import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceIndex } from '../../../src/telemetry/traces/trace-index.ts';
import { nanosToMicros } from '../../../src/telemetry/traces/span.ts';
import { span } from './trace-fixtures.ts';

const T1 = 'a'.repeat(32);
const T2 = 'b'.repeat(32);

test('a child that arrives before its root: the summary first shows the earliest span as a stand-in, then the root', () => {
  const index = new TraceIndex();
  index.add([span(T1, 'child', 'root', 100, 50, { name: 'home-activities-mock-data' })]);
  let [summary] = index.list();
  assert.equal(summary?.rootMissing, true);
  assert.equal(summary?.rootName, 'home-activities-mock-data');

  index.add([span(T1, 'root', undefined, 0, 400, { name: 'GET /api/activities/home', kind: 'server' })]);
  [summary] = index.list();
  assert.equal(summary?.rootMissing, false);
  assert.equal(summary?.rootName, 'GET /api/activities/home');
  assert.equal(summary?.spanCount, 2);
  assert.equal(summary?.durationUs, 400);
  assert.equal(summary?.rootService, 'backend-flask');
});

test('errors are counted, a re-sent span replaces the old copy, newest trace first, search by id prefix / name / service', () => {
  const index = new TraceIndex();
  index.add([span(T1, 'r1', undefined, 0, 10), span(T1, 'c1', 'r1', 1, 2, { status: { code: 'error', message: 'boom' } })]);
  index.add([span(T2, 'r2', undefined, 0, 10, { name: 'GET /rollbar/test', resource: { 'service.name': 'frontend' } })]);
  index.add([span(T1, 'c1', 'r1', 1, 2, { status: { code: 'error' } })]);
  const list = index.list();
  assert.deepEqual(list.map((s) => s.traceId), [T1, T2], 'T1 got the newest span');
  assert.equal(list[0]?.spanCount, 2);
  assert.equal(list[0]?.errorCount, 1);
  assert.deepEqual(index.list('bbbb').map((s) => s.traceId), [T2]);
  assert.deepEqual(index.list('rollbar').map((s) => s.traceId), [T2]);
  assert.deepEqual(index.list('FRONTEND').map((s) => s.traceId), [T2]);
  assert.deepEqual(index.list('nothing-like-this'), []);
});

test('version changes only when spans were added', () => {
  const index = new TraceIndex();
  const before = index.version;
  index.add([]);
  assert.equal(index.version, before);
  index.add([span(T1, 'r', undefined, 0, 1)]);
  assert.notEqual(index.version, before);
});

test('nanosecond timestamps keep microsecond precision and refuse junk', () => {
  assert.equal(nanosToMicros('1700000000123456789'), 1700000000123456);
  assert.equal(nanosToMicros('not a number'), 0);
});

test('a search of `field = "value"` pairs, as the Query view names a group, keeps the traces with a span for each pair', () => {
  const index = new TraceIndex();
  index.add([
    span(T1, 'r1', undefined, 0, 10, { name: 'GET /api/activities/home', kind: 'server' }),
    span(T1, 'c1', 'r1', 1, 2, { name: 'home-activities-mock-data', attributes: { 'app.result_length': 3 } }),
    span(T2, 'r2', undefined, 0, 10, { name: 'GET /rollbar/test', resource: { 'service.name': 'frontend' } }),
  ]);
  const ids = (search: string) => index.list(search).map((s) => s.traceId);
  assert.deepEqual(ids('name = "home-activities-mock-data"'), [T1]);
  assert.deepEqual(ids('service.name = "backend-flask" name = "home-activities-mock-data"'), [T1]);
  assert.deepEqual(ids('service.name = "frontend" name = "home-activities-mock-data"'), [], 'every pair must hold');
  assert.deepEqual(ids('app.result_length = 3'), [T1], 'span attributes, numbers as Query shows them');
  assert.deepEqual(ids(`trace.trace_id = "${T2}"`), [T2]);
  assert.deepEqual(ids('span.kind = "server" service.name = "frontend"'), []);
  assert.deepEqual(ids('app.user_id = null'), [T2, T1], 'null is a missing field, "(none)" in Query');
  assert.deepEqual(ids('name = "home"'), [], 'a pair compares the whole value, not a part of it');
  assert.deepEqual(ids('home-activities'), [T1], 'plain text still searches names');
});
