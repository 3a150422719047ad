/** The Query view's compute: spans as Honeycomb events, WHERE/GROUP BY/calculations, buckets, heatmaps, checks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linePath, linearScale, niceTicks } from '../../../src/telemetry/query/chart-geometry.ts';
import { checkQuery } from '../../../src/telemetry/query/query-spec.ts';
import { compileFilter, percentile, runQuery } from '../../../src/telemetry/query/run-query.ts';
import { fieldsOf, nanosToMs, spanToEvent, type SpanEvent } from '../../../src/telemetry/query/span-events.ts';
import { bucketStarts, bucketWidth } from '../../../src/telemetry/query/time-buckets.ts';
import type { WireSpan } from '../../../src/telemetry/query/wire-span.ts';

const t0 = 1_700_000_000_000;

function span(n: number, name: string, service: string, durationMs: number, extra: Partial<WireSpan> = {}): WireSpan {
  const start = BigInt(t0 + n * 1000) * 1_000_000n;
  return {
    seq: n,
    traceId: `${'0'.repeat(30)}${(n % 4).toString().padStart(2, '0')}`,
    spanId: n.toString(16).padStart(16, '0'),
    name,
    kind: 'server',
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(Math.round(durationMs * 1e6))),
    durationMs,
    attributes: { 'http.route': '/api/activities/home', app: { result_length: n }, 'app.handles': ['a', 'b'] },
    resource: { 'service.name': service, 'telemetry.sdk.language': 'nodejs' },
    status: { code: n % 5 === 0 ? 'error' : 'unset' },
    receivedAt: t0 + n * 1000,
    ...extra,
  };
}

describe('spans as Honeycomb events', () => {
  it('has the fixed fields and flattens attributes', () => {
    const e = spanToEvent(span(5, 'home-activities', 'backend-flask', 12.5, { parentSpanId: 'abcdefabcdefabcd' }));
    assert.equal(e['name'], 'home-activities');
    assert.equal(e['service.name'], 'backend-flask');
    assert.equal(e['duration_ms'], 12.5);
    assert.equal(e['trace.parent_id'], 'abcdefabcdefabcd');
    assert.equal(e['trace.span_id'], '0000000000000005');
    assert.equal(e['app.result_length'], 5);
    assert.equal(e['app.handles'], '["a","b"]');
    assert.equal(e['error'], true);
    assert.equal(e['timestamp'], t0 + 5000);
    assert.equal(spanToEvent(span(1, 'x', 's', 1))['trace.parent_id'], undefined, 'a root span has no parent id');
  });

  it('converts nanosecond strings exactly to the microsecond', () => {
    assert.equal(nanosToMs('1700000000123456789'), 1700000000123.4568);
    assert.ok(Number.isNaN(nanosToMs('12a')));
  });

  it('lists fields with core fields first and tells numeric ones', () => {
    const fields = fieldsOf([spanToEvent(span(1, 'a', 's', 1))]);
    assert.equal(fields[0]?.name, 'name');
    assert.equal(fields.find((f) => f.name === 'duration_ms')?.numeric, true);
    assert.equal(fields.find((f) => f.name === 'http.route')?.numeric, false);
    assert.ok(!fields.some((f) => f.name === 'timestamp'));
  });
});

describe('running a query', () => {
  const events: SpanEvent[] = [];
  for (let n = 0; n < 100; n++) events.push(spanToEvent(span(n, n % 2 === 0 ? 'home' : 'users', 'backend-flask', n)));

  it('counts, groups and orders by the first calculation', () => {
    const r = runQuery(events, { calculations: [{ op: 'COUNT' }, { op: 'MAX', field: 'duration_ms' }], filters: [{ field: 'duration_ms', op: '>=', value: '50' }], combine: 'AND', groupBy: ['name'] });
    assert.equal(r.matched, 50);
    assert.deepEqual(r.groups.map((g) => [g.label, g.values[0], g.values[1]]), [['home', 25, 98], ['users', 25, 99]]);
    assert.equal(r.groups[1]?.exemplarTraceId, `${'0'.repeat(30)}03`, 'the slowest span (99) is in trace 99 % 4 = 3');
    const total = r.groups.reduce((sum, g) => sum + (g.series[0] ?? []).reduce<number>((s, v) => s + (v ?? 0), 0), 0);
    assert.equal(total, 50, 'per-bucket counts add up to the total');
  });

  it('computes percentiles, averages and distinct counts', () => {
    const r = runQuery(events, { calculations: [{ op: 'P50', field: 'duration_ms' }, { op: 'P99', field: 'duration_ms' }, { op: 'AVG', field: 'duration_ms' }, { op: 'COUNT_DISTINCT', field: 'trace.trace_id' }], filters: [], combine: 'AND', groupBy: [] });
    assert.equal(r.groups.length, 1);
    assert.deepEqual(r.groups[0]?.values, [49.5, 98.01, 49.5, 4]);
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
  });

  it('filters with OR, numbers as numbers, exists, in, contains', () => {
    const isError = compileFilter({ field: 'error', op: '=', value: 'true' });
    assert.equal(events.filter(isError).length, 20);
    assert.equal(events.filter(compileFilter({ field: 'app.result_length', op: 'in', value: '1, 2,3' })).length, 3);
    assert.equal(events.filter(compileFilter({ field: 'trace.parent_id', op: 'does-not-exist', value: '' })).length, 100);
    assert.equal(events.filter(compileFilter({ field: 'http.route', op: 'contains', value: 'activities' })).length, 100);
    const r = runQuery(events, { calculations: [{ op: 'COUNT' }], filters: [{ field: 'duration_ms', op: '<', value: '2' }, { field: 'duration_ms', op: '>', value: '97' }], combine: 'OR', groupBy: [] });
    assert.equal(r.matched, 4);
    const none = runQuery(events, { calculations: [{ op: 'COUNT' }], filters: [{ field: 'missing', op: '=', value: 'x' }], combine: 'AND', groupBy: [] });
    assert.equal(none.groups.length, 0);
  });

  it('keeps only the time range and draws a heatmap of duration', () => {
    const r = runQuery(events, { calculations: [{ op: 'HEATMAP', field: 'duration_ms' }], filters: [], combine: 'AND', groupBy: [], time: { start: t0, end: t0 + 10_000 } });
    assert.equal(r.matched, 10);
    const map = r.heatmaps[0];
    assert.ok(map);
    const cells = map.counts.flat().reduce((a, b) => a + b, 0);
    assert.equal(cells, 10);
    assert.equal(r.groups[0]?.values[0], null, 'a heatmap has no single value');
  });

  it('buckets time into nice widths', () => {
    assert.equal(bucketWidth(60_000), 1000);
    assert.equal(bucketWidth(3_600_000), 60_000);
    assert.deepEqual(bucketStarts(1500, 4500, 1000), [1000, 2000, 3000, 4000]);
  });

  it('says what is wrong with a query', () => {
    const fields = fieldsOf(events);
    assert.deepEqual(checkQuery({ calculations: [], filters: [], combine: 'AND', groupBy: [] }, fields), ['VISUALIZE needs at least one calculation (COUNT counts events).']);
    const problems = checkQuery({ calculations: [{ op: 'AVG', field: 'name' }], filters: [{ field: 'duration_ms', op: '>', value: 'slow' }], combine: 'AND', groupBy: [''] }, fields);
    assert.equal(problems.length, 3);
    assert.match(problems[0] ?? '', /"name" is not numeric/);
    assert.match(problems[1] ?? '', /"slow" is not one/);
  });
});

describe('chart geometry', () => {
  it('makes round ticks and breaks lines at gaps', () => {
    assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
    const y = linearScale([0, 10], [100, 0]);
    assert.equal(linePath([0, 10, 20], [0, null, 10], y), 'M0,100M20,0');
    assert.equal(linePath([0, 10], [5, 10], y), 'M0,50L10,0');
  });
});
