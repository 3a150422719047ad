/**
 * The CloudWatch Logs stand-in through the REAL clients, unchanged but for the endpoint:
 * @aws-sdk/client-cloudwatch-logs 3.x, and winston + winston-cloudwatch logging to the group `cruddur` the way the
 * Cruddur port does (the working SDK v3 config: `awsOptions: { endpoint, region, credentials }`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import winston from 'winston';
import WinstonCloudWatch from 'winston-cloudwatch';
import { startLocalAws, type LocalAws } from '../../fixtures/kit/logs/local-aws.ts';

let local: LocalAws;
let client: CloudWatchLogsClient;

before(async () => {
  local = await startLocalAws();
  client = new CloudWatchLogsClient({ endpoint: local.url, region: 'ca-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});
after(async () => {
  client.destroy();
  await local.close();
});

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the call to fail');
}

describe('CloudWatch Logs stand-in with @aws-sdk/client-cloudwatch-logs', () => {
  it('creates groups and streams, and says so in AWS error names when they exist or are missing', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: 'sdk-group' }));
    const dup = await rejection(client.send(new CreateLogGroupCommand({ logGroupName: 'sdk-group' })));
    assert.equal(dup.name, 'ResourceAlreadyExistsException');
    assert.equal(dup.message, 'The specified log group already exists');
    assert.equal(dup.$metadata?.httpStatusCode, 400);
    await client.send(new CreateLogStreamCommand({ logGroupName: 'sdk-group', logStreamName: 'app/1' }));
    assert.equal((await rejection(client.send(new CreateLogStreamCommand({ logGroupName: 'sdk-group', logStreamName: 'app/1' })))).name, 'ResourceAlreadyExistsException');
    const noGroup = await rejection(client.send(new CreateLogStreamCommand({ logGroupName: 'missing', logStreamName: 's' })));
    assert.equal(noGroup.name, 'ResourceNotFoundException');
    assert.equal(noGroup.message, 'The specified log group does not exist.');
    const noStream = await rejection(client.send(new PutLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'nope', logEvents: [{ timestamp: Date.now(), message: 'x' }] })));
    assert.equal(noStream.name, 'ResourceNotFoundException');
    assert.equal(noStream.message, 'The specified log stream does not exist.');
    const bad = await rejection(client.send(new CreateLogGroupCommand({ logGroupName: 'has space' })));
    assert.equal(bad.name, 'InvalidParameterException');
    assert.match(bad.message, /failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it('stores PutLogEvents, rejects too-old/too-new events one by one, and ignores the sequence token', async () => {
    await client.send(new CreateLogStreamCommand({ logGroupName: 'sdk-group', logStreamName: 'put' }));
    const now = Date.now();
    const first = await client.send(
      new PutLogEventsCommand({
        logGroupName: 'sdk-group',
        logStreamName: 'put',
        sequenceToken: 'whatever-the-client-thinks',
        logEvents: [
          { timestamp: now - 15 * 86_400_000, message: 'too old' },
          { timestamp: now - 1000, message: 'kept 1' },
          { timestamp: now, message: 'kept 2' },
          { timestamp: now + 3 * 3_600_000, message: 'too new' },
        ],
      }),
    );
    assert.deepEqual(first.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 3 });
    assert.match(first.nextSequenceToken ?? '', /^\d{56}$/);
    const second = await client.send(new PutLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'put', logEvents: [{ timestamp: now + 1, message: 'kept 3' }] }));
    assert.equal(second.rejectedLogEventsInfo, undefined);
    assert.equal(BigInt(second.nextSequenceToken ?? '0'), BigInt(first.nextSequenceToken ?? '0') + 1n);
    const got = await client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'put', startFromHead: true }));
    assert.deepEqual(got.events?.map((e) => e.message), ['kept 1', 'kept 2', 'kept 3']);
    assert.ok(got.events?.every((e) => typeof e.ingestionTime === 'number'));

    const order = await rejection(
      client.send(new PutLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'put', logEvents: [{ timestamp: now, message: 'b' }, { timestamp: now - 5, message: 'a' }] })),
    );
    assert.equal(order.name, 'InvalidParameterException');
    assert.equal(order.message, 'Log events in a single PutLogEvents request must be in chronological order.');
    // The failed call stored nothing.
    assert.equal((await client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'put' }))).events?.length, 3);
  });

  it('enforces the batch limits: 10,000 events and 1 MiB including 26 bytes per event', async () => {
    const now = Date.now();
    const many = Array.from({ length: 10_001 }, (_, i) => ({ timestamp: now, message: `e${i}` }));
    const tooMany = await rejection(client.send(new PutLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'put', logEvents: many })));
    assert.equal(tooMany.name, 'InvalidParameterException');
    assert.match(tooMany.message, /less than or equal to 10000/);
    // 1,048,576 bytes exactly is allowed; one more byte is not.
    const exact = 1_048_576 - 26;
    await client.send(new PutLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'put', logEvents: [{ timestamp: now, message: 'x'.repeat(exact) }] }));
    const over = await rejection(client.send(new PutLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'put', logEvents: [{ timestamp: now, message: 'x'.repeat(exact + 1) }] })));
    assert.equal(over.name, 'InvalidParameterException');
    assert.match(over.message, /1048577 bytes exceeds limit of 1048576/);
  });

  it('pages GetLogEvents with f/ and b/ tokens: newest page by default, same forward token when caught up', async () => {
    await client.send(new CreateLogStreamCommand({ logGroupName: 'sdk-group', logStreamName: 'paged' }));
    const t0 = Date.now() - 60_000;
    await client.send(new PutLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'paged', logEvents: Array.from({ length: 7 }, (_, i) => ({ timestamp: t0 + i, message: `m${i}` })) }));
    const tail = await client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'paged', limit: 3 }));
    assert.deepEqual(tail.events?.map((e) => e.message), ['m4', 'm5', 'm6']);
    assert.match(tail.nextForwardToken ?? '', /^f\/\d{56}$/);
    assert.match(tail.nextBackwardToken ?? '', /^b\/\d{56}$/);
    const back = await client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'paged', limit: 3, nextToken: tail.nextBackwardToken }));
    assert.deepEqual(back.events?.map((e) => e.message), ['m1', 'm2', 'm3']);
    const caughtUp = await client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'paged', limit: 3, nextToken: tail.nextForwardToken }));
    assert.deepEqual(caughtUp.events, []);
    assert.equal(caughtUp.nextForwardToken, tail.nextForwardToken);
    const head = await client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'paged', limit: 2, startFromHead: true }));
    assert.deepEqual(head.events?.map((e) => e.message), ['m0', 'm1']);
    const window = await client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'paged', startTime: t0 + 2, endTime: t0 + 4, startFromHead: true }));
    assert.deepEqual(window.events?.map((e) => e.message), ['m2', 'm3'], 'startTime inclusive, endTime exclusive');
    const badToken = await rejection(client.send(new GetLogEventsCommand({ logGroupName: 'sdk-group', logStreamName: 'paged', nextToken: 'garbage' })));
    assert.equal(badToken.name, 'InvalidParameterException');
  });

  it('filters events across streams with terms, phrases, ?or, -not and JSON patterns, interleaved by time', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: 'filter-group' }));
    for (const s of ['a', 'b']) await client.send(new CreateLogStreamCommand({ logGroupName: 'filter-group', logStreamName: s }));
    const t = Date.now() - 10_000;
    await client.send(new PutLogEventsCommand({ logGroupName: 'filter-group', logStreamName: 'a', logEvents: [
      { timestamp: t, message: 'INFO Hello Cloudwatch! from  /api/activities/home' },
      { timestamp: t + 2, message: '{"level":"error","status":500,"path":"/api/activities/home"}' },
      { timestamp: t + 4, message: 'WARN disk almost full' },
    ] }));
    await client.send(new PutLogEventsCommand({ logGroupName: 'filter-group', logStreamName: 'b', logEvents: [
      { timestamp: t + 1, message: 'ERROR boom' },
      { timestamp: t + 3, message: '{"level":"info","status":200}' },
    ] }));
    const messages = async (filterPattern?: string, extra: Record<string, unknown> = {}) =>
      (await client.send(new FilterLogEventsCommand({ logGroupName: 'filter-group', ...(filterPattern === undefined ? {} : { filterPattern }), ...extra }))).events?.map((e) => e.message);
    assert.equal((await messages())?.length, 5);
    assert.deepEqual(await messages('ERROR'), ['ERROR boom']);
    assert.deepEqual(await messages('"Hello Cloudwatch! from  /api"'), ['INFO Hello Cloudwatch! from  /api/activities/home']);
    assert.deepEqual(await messages('?ERROR ?WARN'), ['ERROR boom', 'WARN disk almost full']);
    assert.deepEqual(await messages('activities -Hello'), ['{"level":"error","status":500,"path":"/api/activities/home"}']);
    assert.deepEqual(await messages('{ $.level = "error" }'), ['{"level":"error","status":500,"path":"/api/activities/home"}']);
    assert.deepEqual(await messages('{ $.status >= 200 && $.status < 300 }'), ['{"level":"info","status":200}']);
    assert.deepEqual(await messages('{ $.path = "/api/*" }'), ['{"level":"error","status":500,"path":"/api/activities/home"}']);
    assert.deepEqual(await messages(undefined, { logStreamNames: ['b'] }), ['ERROR boom', '{"level":"info","status":200}']);
    assert.deepEqual(await messages(undefined, { startTime: t + 1, endTime: t + 3 }), ['ERROR boom', '{"level":"error","status":500,"path":"/api/activities/home"}']);
    const full = await client.send(new FilterLogEventsCommand({ logGroupName: 'filter-group', filterPattern: 'ERROR' }));
    assert.equal(full.events?.[0]?.logStreamName, 'b');
    assert.ok(full.events?.[0]?.eventId);
    assert.deepEqual(full.searchedLogStreams?.map((s) => s.logStreamName).sort(), ['a', 'b']);
    const broken = await rejection(client.send(new FilterLogEventsCommand({ logGroupName: 'filter-group', filterPattern: '{ $.level = ' })));
    assert.equal(broken.name, 'InvalidParameterException');
    // The SDK's paginator follows nextToken to the end.
    const pages: number[] = [];
    for await (const page of paginateFilterLogEvents({ client, pageSize: 2 }, { logGroupName: 'filter-group' })) pages.push(page.events?.length ?? 0);
    assert.deepEqual(pages, [2, 2, 1]);
  });

  it('describes groups (prefix, pattern, limit 1–50, paging) and streams (prefix, order, descending)', async () => {
    for (const name of ['/aws/lambda/x', '/aws/lambda/y', 'cruddur-other']) await client.send(new CreateLogGroupCommand({ logGroupName: name }));
    const byPrefix = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    assert.deepEqual(byPrefix.logGroups?.map((g) => g.logGroupName), ['/aws/lambda/x', '/aws/lambda/y']);
    const group = byPrefix.logGroups?.[0];
    assert.equal(group?.arn, 'arn:aws:logs:ca-central-1:000000000000:log-group:/aws/lambda/x:*');
    assert.equal(group?.logGroupArn, 'arn:aws:logs:ca-central-1:000000000000:log-group:/aws/lambda/x');
    assert.equal(group?.metricFilterCount, 0);
    assert.deepEqual((await client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'lambda/y' }))).logGroups?.map((g) => g.logGroupName), ['/aws/lambda/y']);
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client, pageSize: 2 }, {})) names.push(...(page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('sdk-group') && names.includes('cruddur-other'));
    const tooBig = await rejection(client.send(new DescribeLogGroupsCommand({ limit: 51 })));
    assert.equal(tooBig.name, 'InvalidParameterException');
    assert.equal(tooBig.message, "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
    const both = await rejection(client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'a', logGroupNamePattern: 'b' })));
    assert.equal(both.name, 'InvalidParameterException');

    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: 'sdk-group' }));
    assert.deepEqual(streams.logStreams?.map((s) => s.logStreamName), ['app/1', 'paged', 'put']);
    const empty = streams.logStreams?.[0];
    assert.equal(empty?.lastEventTimestamp, undefined, 'event fields only once events exist');
    const paged = streams.logStreams?.[1];
    assert.ok(paged?.firstEventTimestamp && paged.lastEventTimestamp && paged.lastIngestionTime && paged.uploadSequenceToken);
    const latest = await client.send(new DescribeLogStreamsCommand({ logGroupName: 'sdk-group', orderBy: 'LastEventTime', descending: true, limit: 1 }));
    assert.equal(latest.logStreams?.length, 1);
    assert.ok(latest.nextToken);
    const prefixed = await client.send(new DescribeLogStreamsCommand({ logGroupIdentifier: 'arn:aws:logs:ca-central-1:000000000000:log-group:sdk-group:*', logStreamNamePrefix: 'p' }));
    assert.deepEqual(prefixed.logStreams?.map((s) => s.logStreamName), ['paged', 'put']);
    const mixed = await rejection(client.send(new DescribeLogStreamsCommand({ logGroupName: 'sdk-group', orderBy: 'LastEventTime', logStreamNamePrefix: 'p' })));
    assert.equal(mixed.message, 'Cannot order by LastEventTime with a logStreamNamePrefix.');
    assert.equal((await rejection(client.send(new DescribeLogStreamsCommand({ logGroupName: 'nope' })))).name, 'ResourceNotFoundException');
  });

  it('sets and clears retention, and deletes streams and groups (whose events then stay hidden)', async () => {
    await client.send(new PutRetentionPolicyCommand({ logGroupName: 'filter-group', retentionInDays: 7 }));
    let described = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'filter-group' }));
    assert.equal(described.logGroups?.[0]?.retentionInDays, 7);
    const old = Date.now() - 8 * 86_400_000;
    const expired = await client.send(new PutLogEventsCommand({ logGroupName: 'filter-group', logStreamName: 'a', logEvents: [{ timestamp: old, message: 'past retention' }, { timestamp: Date.now(), message: 'fresh' }] }));
    assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 0 });
    const badDays = await rejection(client.send(new PutRetentionPolicyCommand({ logGroupName: 'filter-group', retentionInDays: 2 })));
    assert.equal(badDays.name, 'InvalidParameterException');
    await client.send(new DeleteRetentionPolicyCommand({ logGroupName: 'filter-group' }));
    described = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'filter-group' }));
    assert.equal(described.logGroups?.[0]?.retentionInDays, undefined);

    await client.send(new DeleteLogStreamCommand({ logGroupName: 'filter-group', logStreamName: 'b' }));
    assert.equal((await rejection(client.send(new DeleteLogStreamCommand({ logGroupName: 'filter-group', logStreamName: 'b' })))).name, 'ResourceNotFoundException');
    const left = await client.send(new FilterLogEventsCommand({ logGroupName: 'filter-group', filterPattern: 'ERROR' }));
    assert.deepEqual(left.events, []);
    await client.send(new DeleteLogGroupCommand({ logGroupName: 'filter-group' }));
    await client.send(new CreateLogGroupCommand({ logGroupName: 'filter-group' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: 'filter-group', logStreamName: 'a' }));
    assert.deepEqual((await client.send(new GetLogEventsCommand({ logGroupName: 'filter-group', logStreamName: 'a' }))).events, [], 'a re-created stream starts empty');
    assert.equal((await rejection(client.send(new DeleteLogGroupCommand({ logGroupName: 'never-was' })))).name, 'ResourceNotFoundException');
  });
});

describe('CloudWatch Logs stand-in with winston + winston-cloudwatch (group "cruddur")', () => {
  it('creates the group and stream itself and delivers the Cruddur log lines, flushed with kthxbye', async () => {
    const transport = new WinstonCloudWatch({
      logGroupName: 'cruddur',
      logStreamName: 'backend-node/app/4242',
      awsOptions: { endpoint: local.url, region: 'ca-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    });
    const before = { ...local.logs.stats.calls };
    const logger = winston.createLogger({ level: 'debug', transports: [transport] });
    // winston-cloudwatch sorts its buffer with a comparator that reverses events of the same millisecond, so
    // space the lines out to make the expected order well defined.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
    logger.info('some message');
    await tick();
    logger.info('Hello Cloudwatch! from  /api/activities/home');
    await tick();
    logger.error('[2023-Feb-25 22:03] 127.0.0.1 GET http /api/activities/home? 200 OK');
    await new Promise<void>((resolve, reject) => transport.kthxbye((error?: Error) => (error ? reject(error) : resolve())));
    logger.close();

    const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'cruddur' }));
    assert.ok(groups.logGroups?.some((g) => g.logGroupName === 'cruddur'));
    const got = await client.send(new GetLogEventsCommand({ logGroupName: 'cruddur', logStreamName: 'backend-node/app/4242', startFromHead: true }));
    assert.deepEqual(got.events?.map((e) => e.message), [
      'info - some message',
      'info - Hello Cloudwatch! from  /api/activities/home',
      'error - [2023-Feb-25 22:03] 127.0.0.1 GET http /api/activities/home? 200 OK',
    ]);
    // The winston-cloudwatch flow (protocols §4.5): DescribeLogStreams as the group check → CreateLogGroup →
    // DescribeLogStreams with the prefix → CreateLogStream → DescribeLogStreams → PutLogEvents.
    const delta = (op: string) => (local.logs.stats.calls[op] ?? 0) - (before[op] ?? 0);
    assert.deepEqual([delta('CreateLogGroup'), delta('CreateLogStream'), delta('DescribeLogStreams'), delta('PutLogEvents'), delta('PutRetentionPolicy')], [1, 1, 3, 1, 0]);
    // The view sees them too.
    const view = await fetch(`${local.url}/workshop/logs/events?group=cruddur&pattern=Cloudwatch`).then((r) => r.json() as Promise<{ events: { message: string; stream: string }[] }>);
    assert.deepEqual(view.events.map((e) => e.message), ['info - Hello Cloudwatch! from  /api/activities/home']);
    assert.equal(view.events[0]?.stream, 'backend-node/app/4242');
  });
});
