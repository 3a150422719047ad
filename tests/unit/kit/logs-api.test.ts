/** The CloudWatch Logs stand-in's handler and store, driven directly (no sockets) with a fake clock. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteReply, RouteRequest } from '../../../src/kit/http-route.ts';
import { createLogsService, type LogsService } from '../../../src/kit/logs/service.ts';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const day = 86_400_000;

function call(service: LogsService, operation: string, input: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  return send(service, {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}`, ...headers },
    body: Buffer.from(JSON.stringify(input)),
  });
}

async function send(service: LogsService, request: RouteRequest): Promise<{ status: number; body: any; headers: Record<string, string> }> {
  for (const route of service.routes) {
    const reply: RouteReply | undefined = await route(request);
    if (reply !== undefined) return { status: reply.status, body: JSON.parse(String(reply.body)), headers: reply.headers ?? {} };
  }
  throw new Error('no route answered');
}

function view(service: LogsService, path: string): Promise<{ status: number; body: any }> {
  const url = new URL(path, 'http://x');
  return send(service, { method: 'GET', path: url.pathname, query: url.searchParams, headers: {}, body: Buffer.alloc(0) });
}

async function setUp(options: { capacity?: number } = {}): Promise<LogsService> {
  const service = createLogsService({ ...options, now: () => now });
  assert.equal((await call(service, 'CreateLogGroup', { logGroupName: 'cruddur' })).status, 200);
  assert.equal((await call(service, 'CreateLogStream', { logGroupName: 'cruddur', logStreamName: 's' })).status, 200);
  return service;
}

describe('PutLogEvents time rules (fake clock)', () => {
  it('rejects > 14 days old and > 2 h ahead individually, at the exact edges', async () => {
    const service = await setUp();
    const reply = await call(service, 'PutLogEvents', {
      logGroupName: 'cruddur',
      logStreamName: 's',
      logEvents: [
        { timestamp: now - 14 * day - 1, message: 'too old' },
        { timestamp: now - 14 * day, message: 'oldest allowed' },
        { timestamp: now + 2 * 3_600_000, message: 'newest allowed' },
        { timestamp: now + 2 * 3_600_000 + 1, message: 'too new' },
        { timestamp: now + 3 * 3_600_000, message: 'too new too' },
      ],
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 3 });
    const got = await call(service, 'GetLogEvents', { logGroupName: 'cruddur', logStreamName: 's', startFromHead: true });
    assert.deepEqual(got.body.events.map((e: { message: string }) => e.message), ['oldest allowed', 'newest allowed']);
    assert.ok(got.body.events.every((e: { ingestionTime: number }) => e.ingestionTime === now));
  });

  it('rejects events past the group retention as expired', async () => {
    const service = await setUp();
    await call(service, 'PutRetentionPolicy', { logGroupName: 'cruddur', retentionInDays: 1 });
    const reply = await call(service, 'PutLogEvents', { logGroupName: 'cruddur', logStreamName: 's', logEvents: [{ timestamp: now - 2 * day, message: 'expired' }, { timestamp: now - 20 * day + 1, message: 'x' }].reverse() });
    assert.deepEqual(reply.body.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0, expiredLogEventEndIndex: 1 });
  });
});

describe('log event store', () => {
  it('keeps the newest events up to its capacity, counting evictions, and says so in the view', async () => {
    const service = await setUp({ capacity: 5 });
    for (let batch = 0; batch < 3; batch++) {
      await call(service, 'PutLogEvents', { logGroupName: 'cruddur', logStreamName: 's', logEvents: Array.from({ length: 3 }, (_, i) => ({ timestamp: now + batch * 10 + i, message: `b${batch}e${i}` })) });
    }
    const got = await call(service, 'GetLogEvents', { logGroupName: 'cruddur', logStreamName: 's', startFromHead: true });
    assert.deepEqual(got.body.events.map((e: { message: string }) => e.message), ['b1e1', 'b1e2', 'b2e0', 'b2e1', 'b2e2']);
    const groups = await view(service, '/workshop/logs/groups');
    assert.equal(groups.body.stored, 5);
    assert.equal(groups.body.evicted, 4);
    assert.equal(groups.body.capacity, 5);
    assert.equal(groups.body.groups[0].streams[0].eventCount, 9, 'the stream counts every event it ever stored');
  });

  it('serves /workshop/logs/events newest first with group, stream, pattern, since/until and after filters', async () => {
    const service = await setUp();
    await call(service, 'CreateLogStream', { logGroupName: 'cruddur', logStreamName: 't' });
    await call(service, 'PutLogEvents', { logGroupName: 'cruddur', logStreamName: 's', logEvents: [{ timestamp: now - 2, message: 'INFO a' }, { timestamp: now - 1, message: 'ERROR b' }] });
    await call(service, 'PutLogEvents', { logGroupName: 'cruddur', logStreamName: 't', logEvents: [{ timestamp: now, message: 'ERROR c' }] });
    const messages = async (query: string) => (await view(service, `/workshop/logs/events${query}`)).body.events.map((e: { message: string }) => e.message);
    assert.deepEqual(await messages(''), ['ERROR c', 'ERROR b', 'INFO a']);
    assert.deepEqual(await messages('?stream=s'), ['ERROR b', 'INFO a']);
    assert.deepEqual(await messages('?pattern=ERROR'), ['ERROR c', 'ERROR b']);
    assert.deepEqual(await messages(`?since=${now - 1}&until=${now - 1}`), ['ERROR b']);
    assert.deepEqual(await messages('?after=2'), ['ERROR c']);
    assert.deepEqual(await messages('?group=other'), []);
    assert.deepEqual(await messages('?limit=1'), ['ERROR c']);
    assert.equal((await view(service, '/workshop/logs/events?pattern=%22open')).status, 400);
    // Deleted streams vanish from the view too.
    await call(service, 'DeleteLogStream', { logGroupName: 'cruddur', logStreamName: 't' });
    assert.deepEqual(await messages(''), ['ERROR b', 'INFO a']);
  });

  it('caps groups and streams with LimitExceededException', async () => {
    const service = createLogsService({ now: () => now, maxGroups: 2, maxStreams: 1 });
    await call(service, 'CreateLogGroup', { logGroupName: 'a' });
    await call(service, 'CreateLogGroup', { logGroupName: 'b' });
    const third = await call(service, 'CreateLogGroup', { logGroupName: 'c' });
    assert.deepEqual([third.status, third.body.__type], [400, 'LimitExceededException']);
    await call(service, 'CreateLogStream', { logGroupName: 'a', logStreamName: '1' });
    assert.equal((await call(service, 'CreateLogStream', { logGroupName: 'a', logStreamName: '2' })).body.__type, 'LimitExceededException');
    await call(service, 'DeleteLogGroup', { logGroupName: 'a' });
    assert.equal((await call(service, 'CreateLogStream', { logGroupName: 'b', logStreamName: '2' })).status, 200, 'deleting a group frees its streams');
  });
});

describe('JSON 1.1 details', () => {
  it('stamps ARNs with the SigV4 credential-scope region, us-east-1 when unsigned', async () => {
    const service = createLogsService({ now: () => now });
    await call(service, 'CreateLogGroup', { logGroupName: 'signed' }, { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261124/eu-west-3/logs/aws4_request, SignedHeaders=host, Signature=ab' });
    await call(service, 'CreateLogGroup', { logGroupName: 'unsigned' });
    const described = await call(service, 'DescribeLogGroups', {});
    assert.deepEqual(described.body.logGroups.map((g: { logGroupArn: string }) => g.logGroupArn), [
      'arn:aws:logs:eu-west-3:000000000000:log-group:signed',
      'arn:aws:logs:us-east-1:000000000000:log-group:unsigned',
    ]);
    assert.equal(described.headers['Content-Type'], 'application/x-amz-json-1.1');
    assert.ok(described.headers['x-amzn-RequestId']);
  });

  it('tells the hook about stored events only, and survives a throwing hook', async () => {
    const seen: unknown[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      const service = createLogsService({
        now: () => now,
        onPutLogEvents: (batch) => {
          seen.push(batch);
          throw new Error('forwarder exploded');
        },
      });
      await call(service, 'CreateLogGroup', { logGroupName: 'g' });
      await call(service, 'CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
      const reply = await call(service, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now - 30 * day, message: 'old' }, { timestamp: now, message: 'new' }] });
      assert.equal(reply.status, 200);
      assert.deepEqual(seen, [{ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: now, message: 'new' }] }]);
    } finally {
      console.error = original;
    }
  });

  it('ignores requests that are not its own', async () => {
    const service = createLogsService();
    assert.equal(await service.routes[0]?.({ method: 'POST', path: '/', query: new URLSearchParams(), headers: { 'x-amz-target': 'AWSXRay.PutTraceSegments' }, body: Buffer.alloc(0) }), undefined);
    assert.equal(await service.routes[0]?.({ method: 'POST', path: '/TraceSegments', query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0) }), undefined);
    assert.equal(await service.routes[1]?.({ method: 'GET', path: '/workshop/rollbar/items', query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0) }), undefined);
  });
});
