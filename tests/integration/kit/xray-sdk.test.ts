/**
 * The REAL aws-xray-sdk-core + aws-xray-sdk-express (Express 5 app, service "backend-flask") against the daemon
 * stand-in: segments with http request/response, custom subsegments with metadata, fault/error flags, and
 * sampling rules created through the X-Ray API changing what the SDK samples. Then the same app in a Node where
 * UDP is missing (WebContainer), carried by the dgram shim.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SegmentNode } from '../../../src/kit/xray/segment-doc.ts';
import { newTraceId, noUdpPath, shimPath, startExpressApp, startLocalXray, waitFor, xrayCall, type AppProcess, type LocalXray } from '../../fixtures/kit/xray/harness.ts';

function traced(traceId: string): Record<string, string> {
  return { 'X-Amzn-Trace-Id': `Root=${traceId};Sampled=1` };
}

function findSub(doc: SegmentNode, name: string): SegmentNode | undefined {
  for (const sub of doc.subsegments ?? []) {
    if (sub.name === name) return sub;
    const nested = findSub(sub, name);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

describe('real X-Ray SDK over UDP', () => {
  let xray: LocalXray;
  let app: AppProcess;

  before(async () => {
    xray = await startLocalXray();
    app = await startExpressApp({ daemonPort: xray.daemon.tcpPort });
  });
  after(async () => {
    await app?.stop();
    await xray?.close();
  });

  const segmentOf = (traceId: string) => waitFor(`the segment of ${traceId}`, () => xray.segmentStore.trace(traceId)?.segments.find((s) => s.in_progress !== true));

  it('gets a segment per request with http request and response and a captureAsyncFunc subsegment', async () => {
    const traceId = newTraceId();
    const reply = await app.get('/api/activities/home', traced(traceId));
    assert.equal(reply.status, 200);
    const segment = await segmentOf(traceId);
    assert.equal(segment.name, 'backend-flask');
    assert.equal(segment.http?.request?.method, 'GET');
    assert.match(segment.http?.request?.url ?? '', /\/api\/activities\/home$/);
    assert.equal(segment.http?.response?.status, 200);
    assert.equal(segment.fault, undefined);
    assert.ok(findSub(segment, 'activities_home'), 'activities_home subsegment');
    assert.equal(xray.segmentStore.find({ traceId })[0]?.value.via, 'udp');
  });

  it('nests mock-data under activities_users with metadata {namespace: {key: {...}}}', async () => {
    const traceId = newTraceId();
    assert.equal((await app.get('/api/activities/@andrewbrown', traced(traceId))).status, 200);
    const segment = await segmentOf(traceId);
    const users = findSub(segment, 'activities_users');
    assert.ok(users, 'activities_users subsegment');
    const mock = users.subsegments?.find((s) => s.name === 'mock-data');
    assert.ok(mock, 'mock-data nested under activities_users');
    const value = (mock.metadata as { namespace: { key: { now: string; 'results-size': number } } }).namespace.key;
    assert.equal(value['results-size'], 1);
    assert.match(value.now, /^\d{4}-\d\d-\d\dT/);
  });

  it('marks a 500 as fault with the exception in cause, and a 404 as error', async () => {
    const boomTrace = newTraceId();
    assert.equal((await app.get('/api/boom', traced(boomTrace))).status, 500);
    const boom = await segmentOf(boomTrace);
    assert.equal(boom.fault, true);
    assert.equal(boom.http?.response?.status, 500);
    const cause = boom.cause as { exceptions: { message: string; type?: string; stack?: unknown[] }[] };
    assert.match(cause.exceptions[0]?.message ?? '', /boom/);
    assert.ok(Array.isArray(cause.exceptions[0]?.stack), 'stack frames');

    const missingTrace = newTraceId();
    assert.equal((await app.get('/api/missing', traced(missingTrace))).status, 404);
    const missing = await segmentOf(missingTrace);
    assert.equal(missing.error, true);
    assert.equal(missing.fault, undefined);

    // The bootcamp's group filter finds exactly these two through the API.
    const now = Date.now() / 1000;
    const found = await xrayCall(xray.apiPort, '/TraceSummaries', { StartTime: now - 60, EndTime: now + 60, FilterExpression: 'service("backend-flask") {fault OR error}' });
    const ids = (found.json['TraceSummaries'] as { Id: string }[]).map((s) => s.Id);
    assert.ok(ids.includes(boomTrace) && ids.includes(missingTrace), `both traces found in ${ids.join(', ')}`);
  });

  it('samples by the rules created through the API', async () => {
    const countFor = (path: string) => xray.segmentStore.find({ kind: 'segment' }).filter((r) => (r.value.document.http?.request?.url ?? '').endsWith(path)).length;
    // Sends n untraced requests (the SDK decides), then one forced-sampled marker: once it arrived, the
    // datagrams sent before it (same socket, loopback) have too.
    const burst = async (path: string, n: number): Promise<number> => {
      const before = countFor(path);
      for (let i = 0; i < n; i++) assert.equal((await app.get(path)).status, 200);
      const marker = newTraceId();
      await app.get('/api/activities/home', traced(marker));
      await segmentOf(marker);
      return countFor(path) - before;
    };

    // Only the built-in Default rule: 1 request per second, then 5 %.
    let rules = await app.post('/__test/refresh-rules?expect=Default');
    assert.equal(rules.status, 200, rules.text);
    const withDefault = await burst('/api/loud', 10);
    assert.ok(withDefault >= 1 && withDefault <= 5, `Default rule sampled ${withDefault} of 10`);

    const rule = (name: string, priority: number, urlPath: string, fixedRate: number) => ({
      SamplingRule: { RuleName: name, ResourceARN: '*', Priority: priority, FixedRate: fixedRate, ReservoirSize: 0, ServiceName: 'backend-flask', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: urlPath, Version: 1 },
    });
    assert.equal((await xrayCall(xray.apiPort, '/CreateSamplingRule', rule('loud-all', 1, '/api/loud*', 1))).status, 200);
    assert.equal((await xrayCall(xray.apiPort, '/CreateSamplingRule', rule('quiet-none', 2, '/api/quiet*', 0))).status, 200);
    rules = await app.post('/__test/refresh-rules?expect=loud-all,quiet-none');
    assert.equal(rules.status, 200, rules.text);

    assert.equal(await burst('/api/loud', 10), 10, 'FixedRate 1 samples every request');
    assert.equal(await burst('/api/quiet', 10), 0, 'FixedRate 0 with ReservoirSize 0 samples none');
  });
});

describe('real X-Ray SDK where UDP is missing (WebContainer), through the dgram shim', () => {
  let xray: LocalXray;
  const apps: AppProcess[] = [];

  before(async () => {
    xray = await startLocalXray();
  });
  after(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await xray?.close();
  });

  it('cannot send anything without the shim (the SDK only logs)', async () => {
    const app = await startExpressApp({ daemonPort: xray.daemon.tcpPort, preloads: [noUdpPath] });
    apps.push(app);
    const traceId = newTraceId();
    // The SDK's send() throws inside the response's finish handler; the request itself still succeeds.
    assert.equal((await app.get('/api/activities/home', traced(traceId))).status, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(xray.segmentStore.trace(traceId), undefined);
  });

  it('delivers the same segments over HTTP with the shim preloaded after the UDP breakage', async () => {
    const app = await startExpressApp({ daemonPort: xray.daemon.tcpPort, preloads: [noUdpPath, shimPath] });
    apps.push(app);
    const traceId = newTraceId();
    assert.equal((await app.get('/api/activities/@andrewbrown', traced(traceId))).status, 200);
    const segment = await waitFor('the shimmed segment', () => xray.segmentStore.trace(traceId)?.segments[0]);
    assert.equal(segment.name, 'backend-flask');
    assert.ok(findSub(segment, 'mock-data'));
    assert.ok(xray.segmentStore.find({ traceId }).every((r) => r.value.via === 'http'));
    assert.match(app.output(), /\[x-ray shim\] UDP is not available here/);

    const boomTrace = newTraceId();
    assert.equal((await app.get('/api/boom', traced(boomTrace))).status, 500);
    const boom = await waitFor('the shimmed fault', () => xray.segmentStore.trace(boomTrace)?.segments[0]);
    assert.equal(boom.fault, true);
  });

  it('uses HTTP when WORKSHOP_XRAY_TRANSPORT=http even where UDP works', async () => {
    const app = await startExpressApp({ daemonPort: xray.daemon.tcpPort, preloads: [shimPath], env: { WORKSHOP_XRAY_TRANSPORT: 'http' } });
    apps.push(app);
    const traceId = newTraceId();
    assert.equal((await app.get('/api/activities/home', traced(traceId))).status, 200);
    await waitFor('the segment', () => xray.segmentStore.trace(traceId)?.segments[0]);
    assert.ok(xray.segmentStore.find({ traceId }).every((r) => r.value.via === 'http'));
  });

  it('changes nothing where UDP works', async () => {
    const app = await startExpressApp({ daemonPort: xray.daemon.tcpPort, preloads: [shimPath] });
    apps.push(app);
    const traceId = newTraceId();
    assert.equal((await app.get('/api/activities/home', traced(traceId))).status, 200);
    await waitFor('the segment', () => xray.segmentStore.trace(traceId)?.segments[0]);
    assert.ok(xray.segmentStore.find({ traceId }).every((r) => r.value.via === 'udp'));
    assert.doesNotMatch(app.output(), /x-ray shim/);
  });
});
