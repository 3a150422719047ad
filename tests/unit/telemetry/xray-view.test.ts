/** The X-Ray view's compute: trace map layout and shares, segment timeline rows, exceptions, query paths, id mapping. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exceptionsOf, segmentTimeline } from '../../../src/telemetry/xray/segment-timeline.ts';
import { describeShares, layoutTraceMap } from '../../../src/telemetry/xray/trace-map-layout.ts';
import type { GraphService, Statistics, XrayNode } from '../../../src/telemetry/xray/wire-xray.ts';

function stats(ok: number, error: number, fault: number): Statistics {
  return { OkCount: ok, ErrorStatistics: { ThrottleCount: 0, OtherCount: error, TotalCount: error }, FaultStatistics: { OtherCount: fault, TotalCount: fault }, TotalCount: ok + error + fault, TotalResponseTime: (ok + error + fault) * 0.02 };
}

describe('trace map layout', () => {
  const services: GraphService[] = [
    { ReferenceId: 0, Name: 'backend-flask', Type: 'client', Edges: [{ ReferenceId: 1, SummaryStatistics: stats(8, 1, 1) }] },
    { ReferenceId: 1, Name: 'backend-flask', Type: 'unknown', Root: true, Edges: [{ ReferenceId: 2, SummaryStatistics: stats(4, 0, 0) }], SummaryStatistics: stats(8, 1, 1) },
    { ReferenceId: 2, Name: 'notifications-api', Type: 'remote', Edges: [], SummaryStatistics: stats(4, 0, 0) },
  ];

  it('puts the client left, the service next, downstream calls after, with counts and shares', () => {
    const layout = layoutTraceMap(services);
    const byRef = new Map(layout.nodes.map((n) => [n.ref, n]));
    assert.deepEqual([0, 1, 2].map((r) => byRef.get(r)?.column), [0, 1, 2]);
    assert.deepEqual([0, 1, 2].map((r) => byRef.get(r)?.kind), ['client', 'service', 'remote']);
    assert.equal(byRef.get(0)?.shares.total, 10, 'the client counts the requests it sent');
    assert.equal(layout.edges.length, 2);
    assert.ok(Math.abs((byRef.get(1)?.meanSeconds ?? 0) - 0.02) < 1e-9);
    assert.equal(describeShares(byRef.get(1)?.shares ?? { total: 0, ok: 0, error: 0, fault: 0, throttle: 0 }), '10 requests · 1 fault (10%) · 1 error (10%)');
  });

  it('survives cycles and an empty graph', () => {
    const cyclic: GraphService[] = [
      { ReferenceId: 0, Name: 'a', Type: 'x', Edges: [{ ReferenceId: 1, SummaryStatistics: stats(1, 0, 0) }] },
      { ReferenceId: 1, Name: 'b', Type: 'x', Edges: [{ ReferenceId: 0, SummaryStatistics: stats(1, 0, 0) }] },
    ];
    assert.equal(layoutTraceMap(cyclic).nodes.length, 2);
    assert.deepEqual(layoutTraceMap([]).nodes, []);
  });
});

describe('segment timeline', () => {
  const segment: XrayNode = {
    name: 'backend-flask', id: 'a000000000000001', trace_id: '1-5759e988-000000000000000000000001', start_time: 100, end_time: 100.5, fault: true,
    http: { response: { status: 500 } },
    cause: { exceptions: [{ message: 'boom', type: 'TypeError', stack: [{ label: 'handler', path: 'app.js', line: 7 }] }] },
    subsegments: [
      { name: 'later', id: 'b000000000000002', start_time: 100.3, end_time: 100.4 },
      { name: 'notifications-api', id: 'b000000000000001', namespace: 'remote', start_time: 100.1, end_time: 100.2 },
    ],
  };
  const called: XrayNode = { name: 'notifications-api', id: 'c000000000000001', parent_id: 'b000000000000001', start_time: 100.12, end_time: 100.18 };

  it('lists segments depth first, subsegments by start, called services under their caller', () => {
    const t = segmentTimeline({ segments: [segment, called], orphans: [] });
    assert.deepEqual(t.rows.map((r) => [r.node.name, r.depth, r.kind]), [['backend-flask', 0, 'segment'], ['notifications-api', 1, 'subsegment'], ['notifications-api', 2, 'segment'], ['later', 1, 'subsegment']]);
    assert.equal(t.rows[0]?.status, 'fault');
    assert.equal(t.rows[0]?.httpStatus, 500);
    assert.ok(Math.abs((t.rows[2]?.offsetMs ?? 0) - 120) < 1e-6);
    assert.ok(Math.abs(t.totalMs - 500) < 1e-6);
  });

  it('reads exceptions from cause', () => {
    assert.deepEqual(exceptionsOf(segment), [{ message: 'boom', type: 'TypeError', stack: ['handler (app.js:7)'], remote: false }]);
    assert.deepEqual(exceptionsOf({ name: 'x', id: 'x', start_time: 1, cause: 'abc' }), []);
  });
});
