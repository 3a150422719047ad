/**
 * The X-Ray view's read routes added for the telemetry views: traces and the trace map filtered by a filter
 * expression and/or a group, the groups and the sampling rules, all as plain GETs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteRequest } from '../../../src/kit/http-route.ts';
import { createXrayStores } from '../../../src/kit/xray/index.ts';
import type { SegmentDocument } from '../../../src/kit/xray/segment-doc.ts';
import { createWorkshopRoutes } from '../../../src/kit/xray/workshop-routes.ts';

function doc(n: number, status: number): SegmentDocument {
  const hex = n.toString(16).padStart(15, '0');
  return {
    name: 'backend-flask',
    id: `a${hex}`,
    trace_id: `1-5759e988-${n.toString(16).padStart(24, '0')}`,
    start_time: 100 + n,
    end_time: 100.5 + n,
    http: { request: { method: 'GET', url: `http://localhost:4567/api/activities/${n}` }, response: { status } },
    ...(status >= 500 ? { fault: true } : {}),
    subsegments: [{ name: 'notifications-api', id: `d${hex}`, namespace: 'remote', start_time: 100.2 + n, end_time: 100.3 + n }],
  };
}

function setup() {
  const stores = createXrayStores({ region: 'us-east-1' });
  stores.segmentStore.put([doc(1, 200), doc(2, 500), doc(3, 200)], 'api');
  stores.groupStore.create({ GroupName: 'Cruddur', FilterExpression: 'service("backend-flask") { fault OR error }' });
  const routes = createWorkshopRoutes(stores);
  const get = async (pathAndQuery: string): Promise<{ status: number; json: Record<string, unknown> }> => {
    const url = new URL(pathAndQuery, 'http://localhost');
    const request: RouteRequest = { method: 'GET', path: url.pathname, query: url.searchParams, headers: {}, body: Buffer.alloc(0) };
    const reply = await routes(request);
    assert.ok(reply, `${pathAndQuery} is answered`);
    return { status: reply.status, json: JSON.parse(String(reply.body)) as Record<string, unknown> };
  };
  return { stores, get };
}

describe('X-Ray workshop read routes for the views', () => {
  it('lists every trace without a filter, newest first, and only the matching ones with one', async () => {
    const { get } = setup();
    const all = (await get('/workshop/xray/traces')).json['traces'] as { Id: string; HasFault: boolean }[];
    assert.equal(all.length, 3);
    const faulty = (await get(`/workshop/xray/traces?filter=${encodeURIComponent('fault')}`)).json['traces'] as { Id: string }[];
    assert.deepEqual(faulty.map((t) => t.Id), ['1-5759e988-000000000000000000000002']);
    const byUrl = (await get(`/workshop/xray/traces?filter=${encodeURIComponent('http.url CONTAINS "activities/3"')}`)).json['traces'] as { Id: string }[];
    assert.deepEqual(byUrl.map((t) => t.Id), ['1-5759e988-000000000000000000000003']);
    assert.equal(((await get('/workshop/xray/traces?limit=1')).json['traces'] as unknown[]).length, 1);
  });

  it("applies a group's expression, and refuses unknown groups and bad expressions with a clear 400", async () => {
    const { get } = setup();
    const inGroup = (await get('/workshop/xray/traces?group=Cruddur')).json['traces'] as { Id: string }[];
    assert.deepEqual(inGroup.map((t) => t.Id), ['1-5759e988-000000000000000000000002']);
    const unknown = await get('/workshop/xray/traces?group=Nope');
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.json['message']), /Nope/);
    const bad = await get(`/workshop/xray/graph?filter=${encodeURIComponent('service("x" AND')}`);
    assert.equal(bad.status, 400);
    assert.match(String(bad.json['message']), /position|expected|unexpected/i);
  });

  it('answers the trace map, the groups and the sampling rules', async () => {
    const { get } = setup();
    const services = (await get('/workshop/xray/graph')).json['services'] as { Name: string; Type: string; Edges: unknown[] }[];
    assert.deepEqual(services.map((s) => `${s.Type}:${s.Name}`).sort(), ['client:backend-flask', 'remote:notifications-api', 'unknown:backend-flask']);
    const faultOnly = (await get('/workshop/xray/graph?group=Cruddur')).json['services'] as { Name: string; Type: string; SummaryStatistics?: { TotalCount: number } }[];
    assert.equal(faultOnly.find((s) => s.Type === 'unknown')?.SummaryStatistics?.TotalCount, 1);
    const groups = (await get('/workshop/xray/groups')).json['groups'] as { GroupName: string }[];
    assert.deepEqual(groups.map((g) => g.GroupName), ['Default', 'Cruddur']);
    const rules = (await get('/workshop/xray/rules')).json['rules'] as { SamplingRule: { RuleName: string } }[];
    assert.ok(rules.some((r) => r.SamplingRule.RuleName === 'Default'));
  });
});
