/**
 * The run's X-Ray / Logs / Rollbar records: waitFor (match on arrival, deadline, abort, app exit), the flood
 * guard, and how segments are presented (lone subsegments attached, in-progress copies replaced), fed through
 * the real daemon and AWS port started by startRunAws.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { AppProcess } from '../../../src/kit/runner/app-process.ts';
import { CheckAbort } from '../../../src/kit/runner/check-abort.ts';
import { awsAppEnv, startRunAws, type RunAws } from '../../../src/kit/runner/run-aws.ts';
import { RunRecords, type RecordSource } from '../../../src/kit/runner/run-records.ts';
import { createSessionCloud } from '../../../src/kit/runner/session-cloud.ts';

function fakeApp(): AppProcess & { exit(code: number): void } {
  let code: number | undefined;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  return {
    pid: undefined,
    output: () => 'app output',
    exitCode: () => code,
    exited,
    spawnError: () => undefined,
    kill: async () => {},
    exit(value: number) {
      code = value;
      resolveExit(value);
    },
  };
}

function listSource(): RecordSource<string> & { push(...items: string[]): void } {
  const items: string[] = [];
  const listeners = new Set<() => void>();
  return {
    read: () => [...items],
    received: () => items.length,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(...more) {
      items.push(...more);
      for (const listener of listeners) listener();
    },
  };
}

const waitOptions = (timeoutMs: number, app = fakeApp()) => ({ timeoutMs, signal: new AbortController().signal, app });

describe('RunRecords', () => {
  it('resolves as soon as a matching item arrives', async () => {
    const source = listSource();
    const records = new RunRecords(source, { noun: 'log events', floodLimit: 100, label: (s) => s });
    const pending = records.waitFor((s) => s.startsWith('yes'), waitOptions(5000));
    source.push('no');
    setTimeout(() => source.push('yes please'), 20);
    const result = await pending;
    assert.equal(result.found, true);
    assert.equal(result.found && result.item, 'yes please');
    assert.ok(result.waitedMs < 2000);
  });

  it('at the deadline, says how many items it saw', async () => {
    const source = listSource();
    source.push('a', 'b');
    const records = new RunRecords(source, { noun: 'log events', floodLimit: 100, label: (s) => s });
    const result = await records.waitFor(() => false, waitOptions(50));
    assert.deepEqual({ found: result.found, seen: !result.found && result.seen }, { found: false, seen: 2 });
  });

  it('ends at once when the check is aborted', async () => {
    const records = new RunRecords(listSource(), { noun: 'log events', floodLimit: 100, label: (s) => s });
    const controller = new AbortController();
    const pending = records.waitFor(() => false, { timeoutMs: 10_000, signal: controller.signal, app: fakeApp() });
    controller.abort();
    assert.equal((await pending).found, false);
  });

  it('rejects with app-exited once the app is gone and nothing matched', async () => {
    const app = fakeApp();
    const records = new RunRecords(listSource(), { noun: 'Rollbar items', floodLimit: 100, label: (s) => s });
    const pending = records.waitFor(() => false, waitOptions(10_000, app));
    app.exit(1);
    await assert.rejects(pending, (error: unknown) => error instanceof CheckAbort && error.failure.reason === 'app-exited' && /Rollbar items/.test(error.message));
  });

  it('an item that arrives after the exit but within the grace still counts', async () => {
    const app = fakeApp();
    const source = listSource();
    const records = new RunRecords(source, { noun: 'log events', floodLimit: 100, label: (s) => s });
    const pending = records.waitFor((s) => s === 'last words', waitOptions(10_000, app));
    app.exit(0);
    setTimeout(() => source.push('last words'), 50);
    assert.equal((await pending).found, true);
  });

  it('past the flood limit every access fails with telemetry-flood naming the most frequent', async () => {
    const source = listSource();
    const records = new RunRecords(source, { noun: 'X-Ray segments', floodLimit: 3, label: (s) => s });
    source.push('loop', 'loop', 'loop', 'other');
    assert.equal(records.flooded, true);
    assert.throws(() => records.all(), (error: unknown) => error instanceof CheckAbort && error.failure.reason === 'telemetry-flood' && /"loop" ×3/.test(error.message));
    await assert.rejects(records.waitFor(() => true, waitOptions(1000)), /more than 3 X-Ray segments/);
  });

  it('a predicate that throws rejects the wait (a bug in the check)', async () => {
    const source = listSource();
    source.push('x');
    const records = new RunRecords(source, { noun: 'log events', floodLimit: 100, label: (s) => s });
    await assert.rejects(
      records.waitFor(() => {
        throw new TypeError('boom');
      }, waitOptions(1000)),
      TypeError,
    );
  });
});

describe('startRunAws', () => {
  let run: RunAws;
  before(async () => {
    run = await startRunAws();
  });
  after(async () => {
    await run?.close();
  });

  const send = (doc: Record<string, unknown>): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.send(`{"format":"json","version":1}\n${JSON.stringify(doc)}`, run.daemonPort, '127.0.0.1', (error) => {
        socket.close();
        if (error) reject(error);
        else resolve();
      });
    });

  it('points the app at its own ports', () => {
    const env = awsAppEnv(run);
    assert.equal(env['AWS_XRAY_DAEMON_ADDRESS'], `127.0.0.1:${run.daemonPort}`);
    assert.equal(env['AWS_ENDPOINT_URL'], `http://127.0.0.1:${run.awsPort}`);
    assert.equal(env['ROLLBAR_ENDPOINT'], `http://127.0.0.1:${run.awsPort}/api/1/item/`);
  });

  it('samples every request in its Default rule', async () => {
    const res = await fetch(`http://127.0.0.1:${run.daemonPort}/GetSamplingRules`, { method: 'POST', body: '{}' });
    const body = (await res.json()) as { SamplingRuleRecords: { SamplingRule: { RuleName: string; FixedRate: number } }[] };
    assert.deepEqual(body.SamplingRuleRecords.map((r) => [r.SamplingRule.RuleName, r.SamplingRule.FixedRate]), [['Default', 1]]);
  });

  it('presents segments with lone subsegments attached and in-progress copies replaced', async () => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-0123456789abcdef01234567`;
    const start = Date.now() / 1000;
    await send({ trace_id: traceId, id: 'aaaaaaaaaaaaaaaa', name: 'backend-flask', start_time: start, in_progress: true });
    await send({ trace_id: traceId, id: 'bbbbbbbbbbbbbbbb', parent_id: 'aaaaaaaaaaaaaaaa', type: 'subsegment', name: 'mock-data', start_time: start, end_time: start + 0.01, metadata: { default: { n: 3 } } });
    await send({ trace_id: traceId, id: 'aaaaaaaaaaaaaaaa', name: 'backend-flask', start_time: start, end_time: start + 0.02, http: { request: { method: 'GET', url: 'http://x/api/activities/home' }, response: { status: 200 } } });
    const app = fakeApp();
    const result = await run.segments.waitFor((s) => s.traceId === traceId && !s.inProgress && s.subsegments.length > 0, { timeoutMs: 3000, signal: new AbortController().signal, app });
    assert.equal(result.found, true, 'the completed segment with its subsegment');
    if (!result.found) return;
    assert.equal(result.item.name, 'backend-flask');
    assert.equal(result.item.document.http?.response?.status, 200);
    assert.deepEqual(result.item.subsegments.map((s) => [s.name, s.metadata]), [['mock-data', { default: { n: 3 } }]]);
    // One item per document: the lone subsegment is reachable from its parent, not listed again.
    assert.deepEqual(run.segments.all().filter((s) => s.traceId === traceId).map((s) => s.id), ['aaaaaaaaaaaaaaaa']);
  });

  it('keeps log events and Rollbar items sent to its AWS port', async () => {
    const base = `http://127.0.0.1:${run.awsPort}`;
    const logs = (target: string, body: unknown) => fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${target}` }, body: JSON.stringify(body) });
    assert.equal((await logs('CreateLogGroup', { logGroupName: 'cruddur' })).status, 200);
    assert.equal((await logs('CreateLogStream', { logGroupName: 'cruddur', logStreamName: 's1' })).status, 200);
    assert.equal((await logs('PutLogEvents', { logGroupName: 'cruddur', logStreamName: 's1', logEvents: [{ timestamp: Date.now(), message: 'hello' }] })).status, 200);
    const item = await fetch(`${base}/api/1/item/`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-rollbar-access-token': 'secret-token-123' }, body: JSON.stringify({ data: { environment: 'test', level: 'error', body: { message: { body: 'oops secret-token-123' } } } }) });
    assert.equal(item.status, 200);
    assert.deepEqual(run.logs.all().map((e) => [e.logGroupName, e.logStreamName, e.message]), [['cruddur', 's1', 'hello']]);
    const [occurrence] = run.rollbar.all();
    assert.equal(occurrence?.level, 'error');
    assert.equal(occurrence?.kind, 'message');
    assert.doesNotMatch(JSON.stringify(occurrence?.data), /secret-token-123/);
  });
});

describe('ctx.sessionCloud', () => {
  const options = (endpoint: string | undefined) => ({ endpoint, signal: new AbortController().signal, timeoutMs: () => 2000 });

  it('without a known endpoint, fails as the environment\'s problem', async () => {
    const cloud = createSessionCloud(options(undefined));
    assert.equal(cloud.endpoint, undefined);
    await assert.rejects(cloud.xrayGroups(), (error: unknown) => error instanceof CheckAbort && error.failure.kind === 'environment' && error.failure.reason === 'no-session-cloud');
  });

  it('follows NextToken pages and reports an error answer as an environment failure', async () => {
    const calls: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        calls.push(`${req.url} ${body}`);
        if (req.url === '/Groups') {
          const page = (JSON.parse(body) as { NextToken?: string }).NextToken === undefined ? { Groups: [{ GroupName: 'Default' }], NextToken: 'p2' } : { Groups: [{ GroupName: 'Cruddur' }] };
          res.setHeader('content-type', 'application/json').end(JSON.stringify(page));
        } else res.writeHead(500).end('{"__type":"InternalFailure"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const cloud = createSessionCloud(options(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
      assert.deepEqual((await cloud.xrayGroups()).map((g) => g.GroupName), ['Default', 'Cruddur']);
      assert.deepEqual(calls, ['/Groups {}', '/Groups {"NextToken":"p2"}']);
      await assert.rejects(cloud.xraySamplingRules(), (error: unknown) => error instanceof CheckAbort && error.failure.kind === 'environment' && error.failure.reason === 'session-cloud-error');
    } finally {
      server.close();
    }
  });
});
