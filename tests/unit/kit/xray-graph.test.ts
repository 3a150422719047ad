import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SegmentDocument } from '../../../src/kit/xray/segment-doc.ts';
import { serviceGraph } from '../../../src/kit/xray/service-graph.ts';
import { assembleTrace } from '../../../src/kit/xray/trace-assembly.ts';
import { traceFacts } from '../../../src/kit/xray/trace-facts.ts';
import { traceSummary } from '../../../src/kit/xray/trace-summary.ts';

function trace(n: number, status: number, extra: Partial<SegmentDocument> = {}) {
  const traceId = `1-5759e988-${n.toString(16).padStart(24, '0')}`;
  const segments: SegmentDocument[] = [
    {
      name: 'backend-flask',
      id: `a${n.toString(16).padStart(15, '0')}`,
      trace_id: traceId,
      start_time: 100,
      end_time: 100.5,
      http: { request: { method: 'GET', url: 'http://localhost:4567/api/activities/home' }, response: { status } },
      ...(status >= 500 ? { fault: true } : status >= 400 ? { error: true } : {}),
      ...(status === 429 ? { throttle: true } : {}),
      subsegments: [
        { name: 'activities_home', id: `b${n.toString(16).padStart(15, '0')}`, start_time: 100.1, end_time: 100.4 },
        { name: 'DynamoDB', id: `c${n.toString(16).padStart(15, '0')}`, namespace: 'aws', start_time: 100.1, end_time: 100.2 },
        { name: 'notifications-api', id: `d${n.toString(16).padStart(15, '0')}`, namespace: 'remote', start_time: 100.2, end_time: 100.3, http: { request: { url: 'http://localhost:5000/x', method: 'GET' } } },
      ],
      ...extra,
    },
    // The called service is instrumented too: its segment's parent is the remote subsegment.
    { name: 'notifications-api', id: `e${n.toString(16).padStart(15, '0')}`, parent_id: `d${n.toString(16).padStart(15, '0')}`, trace_id: traceId, start_time: 100.21, end_time: 100.29 },
  ];
  const assembled = assembleTrace(traceId, segments);
  return { assembled, facts: traceFacts(assembled) };
}

describe('service graph and trace summaries', () => {
  it('builds client → service → downstream nodes with ok/error/fault/throttle counts', () => {
    const traces = [trace(1, 200), trace(2, 200), trace(3, 404), trace(4, 429), trace(5, 500)];
    const services = serviceGraph(traces.map((t) => ({ facts: t.facts, segments: t.assembled.segments })));
    const byKey = new Map(services.map((s) => [`${s.Type}:${s.Name}`, s]));
    const backend = services.find((s) => s.Name === 'backend-flask' && s.Type !== 'client');
    assert.ok(backend);
    assert.equal(backend.Root, true);
    assert.equal(backend.State, 'active');
    assert.deepEqual(backend.SummaryStatistics, {
      OkCount: 2,
      ErrorStatistics: { ThrottleCount: 1, OtherCount: 1, TotalCount: 2 },
      FaultStatistics: { OtherCount: 1, TotalCount: 1 },
      TotalCount: 5,
      TotalResponseTime: 2.5,
    });
    assert.deepEqual(backend.ResponseTimeHistogram, [{ Value: 0.5, Count: 5 }]);
    const client = byKey.get('client:backend-flask');
    assert.ok(client);
    assert.deepEqual(client.Edges.map((e) => e.ReferenceId), [backend.ReferenceId]);
    const dynamo = byKey.get('AWS::DynamoDB::Table:DynamoDB');
    assert.ok(dynamo, 'an aws-namespace subsegment becomes an AWS node');
    const notifications = services.find((s) => s.Name === 'notifications-api');
    assert.ok(notifications && notifications.Type !== 'remote', 'a remote call into an instrumented service is that service');
    assert.deepEqual(backend.Edges.map((e) => e.ReferenceId).sort(), [dynamo.ReferenceId, notifications.ReferenceId].sort());
    assert.equal(backend.Edges.find((e) => e.ReferenceId === dynamo.ReferenceId)?.SummaryStatistics.TotalCount, 5);
    assert.equal(services.filter((s) => s.Name === 'notifications-api').length, 1);
  });

  it('summarises a trace: flags, http, times, services, entry point, annotations', () => {
    const { assembled, facts } = trace(9, 500, { annotations: { handle: 'andrewbrown' }, user: 'andrew' });
    const summary = traceSummary(assembled, facts);
    assert.equal(summary.Id, '1-5759e988-000000000000000000000009');
    assert.deepEqual([summary.HasFault, summary.HasError, summary.HasThrottle, summary.IsPartial], [true, false, false, false]);
    assert.deepEqual(summary.Http, { HttpURL: 'http://localhost:4567/api/activities/home', HttpStatus: 500, HttpMethod: 'GET' });
    assert.equal(summary.Duration, 0.5);
    assert.equal(summary.ResponseTime, 0.5);
    assert.equal(summary.EntryPoint?.Name, 'backend-flask');
    assert.deepEqual(summary.ServiceIds.map((s) => s.Name).sort(), ['DynamoDB', 'backend-flask', 'notifications-api']);
    assert.deepEqual(summary.Annotations['handle']?.[0]?.AnnotationValue, { StringValue: 'andrewbrown' });
    assert.equal(summary.Users[0]?.UserName, 'andrew');
  });
});
