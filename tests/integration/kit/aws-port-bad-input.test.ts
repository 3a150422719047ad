/**
 * Bad input on the AWS port gets the 4xx its clients understand — AWS-shaped (`__type`, `message`,
 * `x-amzn-ErrorType`) for CloudWatch Logs, `{"err":1,"message"}` for Rollbar — the server keeps serving and what
 * was stored stays stored. Ends with a seeded, bounded fuzz run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { http, logsCall, startLocalAws, type HttpReply, type LocalAws } from '../../fixtures/kit/logs/local-aws.ts';

const limit = 256 * 1024;
let local: LocalAws;
const keepEvents = Array.from({ length: 5 }, (_, i) => ({ timestamp: Date.now() - 1000 + i, message: `keep ${i}` }));

before(async () => {
  local = await startLocalAws({ maxBodyBytes: limit });
  for (const [op, input] of [
    ['CreateLogGroup', { logGroupName: 'keep' }],
    ['CreateLogStream', { logGroupName: 'keep', logStreamName: 'keep' }],
    ['PutLogEvents', { logGroupName: 'keep', logStreamName: 'keep', logEvents: keepEvents }],
  ] as const) {
    assert.equal((await logsCall(local.port, op, input)).status, 200);
  }
  assert.equal((await postItem({ data: { environment: 'production', body: { message: { body: 'keep' } } } })).status, 200);
});
after(async () => {
  await local.close();
});

function postItem(payload: unknown, headers: Record<string, string> = { 'x-rollbar-access-token': 'tok-0123456789abcdef' }, contentType = 'application/json'): Promise<HttpReply> {
  return http(local.port, { path: '/api/1/item/', headers: { 'content-type': contentType, ...headers }, body: typeof payload === 'string' ? payload : JSON.stringify(payload) });
}

function assertAwsError(reply: HttpReply, status: number, code: string, message?: RegExp): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.headers['x-amzn-errortype'], code);
  const body = reply.json() as { __type: string; message: string };
  assert.equal(body.__type, code);
  assert.equal(typeof body.message, 'string');
  if (message !== undefined) assert.match(body.message, message);
}

function assertRollbarError(reply: HttpReply, status: number, message?: RegExp): void {
  assert.equal(reply.status, status, reply.text);
  const body = reply.json() as { err: number; message: string };
  assert.equal(body.err, 1);
  if (message !== undefined) assert.match(body.message, message);
}

/** What was stored before the bad input is all still there, unchanged. */
async function assertIntact(): Promise<void> {
  const got = (await logsCall(local.port, 'GetLogEvents', { logGroupName: 'keep', logStreamName: 'keep', startFromHead: true })).json() as { events: { message: string; timestamp: number }[] };
  assert.deepEqual(got.events.map((e) => ({ timestamp: e.timestamp, message: e.message })), keepEvents);
  const items = (await http(local.port, { method: 'GET', path: '/workshop/rollbar/items' })).json() as { items: { title: string; occurrences: number }[] };
  assert.equal(items.items.find((i) => i.title === 'keep')?.occurrences, 1);
}

describe('AWS port: CloudWatch Logs bad input', () => {
  it('answers malformed JSON, non-object bodies and wrong JSON types with SerializationException', async () => {
    assertAwsError(await logsCall(local.port, 'CreateLogGroup', '{"logGroupName": '), 400, 'SerializationException');
    assertAwsError(await logsCall(local.port, 'CreateLogGroup', '[1,2]'), 400, 'SerializationException');
    assertAwsError(await logsCall(local.port, 'CreateLogGroup', { logGroupName: 5 }), 400, 'SerializationException');
    assertAwsError(await logsCall(local.port, 'PutLogEvents', { logGroupName: 'keep', logStreamName: 'keep', logEvents: 'x' }), 400, 'SerializationException');
    assertAwsError(await logsCall(local.port, 'PutLogEvents', { logGroupName: 'keep', logStreamName: 'keep', logEvents: [{ timestamp: '1', message: 'x' }] }), 400, 'SerializationException');
    await assertIntact();
  });

  it('answers unknown targets with UnknownOperationException and wrong content types with a 4xx', async () => {
    assertAwsError(await logsCall(local.port, 'Nope', {}), 400, 'UnknownOperationException', /Logs_20140328\.Nope/);
    assertAwsError(await logsCall(local.port, 'toString', {}), 400, 'UnknownOperationException');
    assertAwsError(await logsCall(local.port, '__proto__', {}), 400, 'UnknownOperationException');
    assertAwsError(await http(local.port, { headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' }), 400, 'UnknownOperationException');
    assertAwsError(await logsCall(local.port, 'DescribeLogGroups', '{}', { 'content-type': 'text/plain' }), 400, 'SerializationException', /Content-Type/);
    assertAwsError(await http(local.port, { method: 'GET', headers: { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' } }), 400, 'InvalidAction');
    assertAwsError(await http(local.port, { method: 'POST', path: '/nothing-here', body: '{}' }), 404, 'NotFoundException');
    await assertIntact();
  });

  it('caps bodies (413, connection closed), gunzips, and refuses bad or bomb gzip', async () => {
    const big = await logsCall(local.port, 'PutLogEvents', { logGroupName: 'keep', logStreamName: 'keep', logEvents: [{ timestamp: Date.now(), message: 'x'.repeat(limit) }] });
    assertAwsError(big, 413, 'RequestEntityTooLargeException');
    assert.equal(big.headers['connection'], 'close');
    const zipped = gzipSync(JSON.stringify({ logGroupNamePrefix: 'ke' }));
    const direct = await http(local.port, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-encoding': 'gzip' }, body: zipped });
    assert.equal(direct.status, 200);
    assert.deepEqual((direct.json() as { logGroups: { logGroupName: string }[] }).logGroups.map((g) => g.logGroupName), ['keep']);
    const bomb = gzipSync(Buffer.alloc(limit * 4, 0x20));
    assertAwsError(await http(local.port, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-encoding': 'gzip' }, body: bomb }), 413, 'RequestEntityTooLargeException');
    assertAwsError(await http(local.port, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-encoding': 'gzip' }, body: 'not gzip' }), 400, 'SerializationException');
    assertAwsError(await http(local.port, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-encoding': 'br' }, body: '{}' }), 415, 'UnsupportedMediaTypeException');
    await assertIntact();
  });

  it('fails out-of-order and over-limit batches as a whole, storing nothing', async () => {
    const now = Date.now();
    assertAwsError(await logsCall(local.port, 'PutLogEvents', { logGroupName: 'keep', logStreamName: 'keep', logEvents: [{ timestamp: now, message: 'b' }, { timestamp: now - 1, message: 'a' }] }), 400, 'InvalidParameterException', /chronological order/);
    assertAwsError(await logsCall(local.port, 'PutLogEvents', { logGroupName: 'keep', logStreamName: 'keep', logEvents: [] }), 400, 'InvalidParameterException', /greater than or equal to 1/);
    assertAwsError(await logsCall(local.port, 'PutLogEvents', { logGroupName: 'keep', logStreamName: 'keep', logEvents: [{ timestamp: now, message: '' }] }), 400, 'InvalidParameterException');
    assertAwsError(await logsCall(local.port, 'PutLogEvents', { logStreamName: 'keep', logEvents: [{ timestamp: now, message: 'x' }] }), 400, 'InvalidParameterException', /Value null at 'logGroupName' failed to satisfy constraint: Member must not be null/);
    assertAwsError(await logsCall(local.port, 'FilterLogEvents', { logGroupName: 'keep', filterPattern: '[ip, user]' }), 400, 'InvalidParameterException', /space-delimited/);
    assertAwsError(await logsCall(local.port, 'GetLogEvents', { logGroupName: 'keep', logStreamName: 'keep', limit: 10_001 }), 400, 'InvalidParameterException');
    await assertIntact();
  });
});

describe('AWS port: Rollbar bad input', () => {
  it('answers a missing token with 401 and unreadable bodies with 400/415, in Rollbar’s shape', async () => {
    assertRollbarError(await postItem({ data: { environment: 'production', body: { message: { body: 'x' } } } }, {}), 401, /access token/);
    assertRollbarError(await postItem({ data: { environment: 'production', body: { message: { body: 'x' } } } }, { 'x-rollbar-access-token': '  ' }), 401);
    assertRollbarError(await postItem('{"data": '), 400, /invalid JSON/);
    assertRollbarError(await postItem(''), 400);
    assertRollbarError(await postItem('<xml/>', undefined, 'application/xml'), 415);
    assertRollbarError(await postItem('payload=%7Bnope', undefined, 'application/x-www-form-urlencoded'), 400);
    assertRollbarError(await http(local.port, { method: 'GET', path: '/api/1/item/' }), 405);
    const big = await postItem({ data: { environment: 'production', body: { message: { body: 'x'.repeat(limit) } } } });
    assertRollbarError(big, 413);
    await assertIntact();
  });

  it('answers invalid payloads with 422 and says what is wrong', async () => {
    const valid = { environment: 'production', body: { message: { body: 'x' } } };
    const cases: [unknown, RegExp][] = [
      [[], /JSON object/],
      [{}, /data is a required object/],
      [{ data: { body: valid.body } }, /environment/],
      [{ data: { ...valid, environment: 'e'.repeat(256) } }, /255/],
      [{ data: { ...valid, body: {} } }, /exactly one of/],
      [{ data: { ...valid, body: { message: { body: 'x' }, trace: { frames: [], exception: { class: 'E' } } } } }, /exactly one of.*found message, trace|found trace, message/],
      [{ data: { ...valid, body: { message: 'x' } } }, /message\.body/],
      [{ data: { ...valid, body: { trace: { frames: [] } } } }, /exception\.class/],
      [{ data: { ...valid, body: { trace_chain: [] } } }, /non-empty/],
      [{ data: { ...valid, body: { crash_report: {} } } }, /crash_report\.raw/],
      [{ data: { ...valid, level: 'fatal' } }, /level must be one of critical, error, warning, info, debug/],
      [{ data: { ...valid, timestamp: 'yesterday' } }, /timestamp/],
      [{ data: { ...valid, uuid: 7 } }, /uuid/],
    ];
    for (const [payload, message] of cases) assertRollbarError(await postItem(payload), 422, message);
    await assertIntact();
  });

  it('accepts the legacy form field `payload` and a token in the body', async () => {
    const payload = JSON.stringify({ access_token: 'body-token-0123456789', data: { environment: 'staging', body: { message: { body: 'legacy form' } } } });
    const reply = await postItem(`payload=${encodeURIComponent(payload)}`, {}, 'application/x-www-form-urlencoded');
    assert.equal(reply.status, 200, reply.text);
    assert.equal((reply.json() as { err: number }).err, 0);
    const asJson = await postItem({ access_token: 'body-token-0123456789', data: { environment: 'staging', body: { message: { body: 'json with token' } } } }, {});
    assert.equal(asJson.status, 200);
  });
});

/** mulberry32: a tiny seeded PRNG, so a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('AWS port fuzz (seeded, bounded)', () => {
  it('answers 300 random and mutated requests with 2xx/4xx in the right shape, never 5xx, and keeps serving', async () => {
    const seed = 20261124;
    const rand = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const operations = ['CreateLogGroup', 'CreateLogStream', 'PutLogEvents', 'GetLogEvents', 'FilterLogEvents', 'DescribeLogGroups', 'DescribeLogStreams', 'PutRetentionPolicy', 'DeleteLogStream', 'DeleteRetentionPolicy', 'Bogus'];
    const values = (): unknown =>
      pick([null, true, 0, -1, 51, 1e20, 1.5, '', 'fuzz', 'fuzz/a', 'x'.repeat(600), '{ $.a = ', '?', '"', '%(%', '{ $.a = "b" }', [], [{}], [{ timestamp: Date.now(), message: 'm' }], {}, { nested: [1, { a: null }] }]);
    const randomBody = (): Record<string, unknown> => {
      const body: Record<string, unknown> = { logGroupName: pick(['fuzz', 'fuzz2', 'missing', values()]), logStreamName: pick(['s', 'missing', values()]) };
      for (const key of ['logEvents', 'limit', 'nextToken', 'filterPattern', 'startTime', 'endTime', 'logStreamNamePrefix', 'orderBy', 'descending', 'retentionInDays', 'logStreamNames', 'startFromHead']) {
        if (rand() < 0.3) body[key] = values();
      }
      return body;
    };
    const mutate = (text: string): string => {
      const chars = [...text];
      for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) chars[Math.floor(rand() * chars.length)] = String.fromCharCode(Math.floor(rand() * 128));
      return chars.join('');
    };
    // Set up a target group the fuzz may freely create, fill and delete things in.
    await logsCall(local.port, 'CreateLogGroup', { logGroupName: 'fuzz' });
    await logsCall(local.port, 'CreateLogStream', { logGroupName: 'fuzz', logStreamName: 's' });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const kind = rand();
      let reply: HttpReply;
      if (kind < 0.6) {
        const body = JSON.stringify(randomBody());
        reply = await logsCall(local.port, pick(operations), rand() < 0.3 ? mutate(body) : body);
        if (reply.status !== 200) assert.equal(typeof (reply.json() as { __type?: unknown }).__type, 'string', `case ${i}: ${reply.text}`);
      } else if (kind < 0.9) {
        const data: Record<string, unknown> = { environment: pick(['production', '', values()]), body: pick([{ message: { body: 'fuzz' } }, { trace: { frames: [], exception: { class: 'E', message: 'm' } } }, { trace_chain: [{ frames: [], exception: { class: 'E' } }] }, values()]) };
        if (rand() < 0.3) data['level'] = pick(['error', 'fatal', values()]);
        if (rand() < 0.2) data['fingerprint'] = values();
        const text = JSON.stringify(rand() < 0.1 ? values() : { data });
        reply = await postItem(rand() < 0.3 ? mutate(text) : text, rand() < 0.1 ? {} : undefined);
        assert.equal(typeof (reply.json() as { err?: unknown }).err, 'number', `case ${i}: ${reply.text}`);
      } else {
        const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
        reply = await http(local.port, { path: pick(['/', '/api/1/item/', '/workshop/logs/events', '/x']), headers: { 'content-type': pick(['application/x-amz-json-1.1', 'application/json', 'application/octet-stream']), 'x-amz-target': pick(['Logs_20140328.PutLogEvents', 'Logs_20140328.', '']) }, body: bytes });
      }
      assert.ok(reply.status < 500, `case ${i} (seed ${seed}) got ${reply.status}: ${reply.text}`);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    }
    assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, JSON.stringify([...statuses]));
    assert.equal(local.aws.stats.crashes, 0);
    await assertIntact();
  });
});
