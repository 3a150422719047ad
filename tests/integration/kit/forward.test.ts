/**
 * Forwarding to the real services, proven against local fake upstreams through the whole cloud (startCloud):
 * copies arrive with the configured key in the right header (and a verifiable SigV4 signature for CloudWatch
 * Logs), local ingest never depends on the upstream, and no route, log line or error text carries a secret.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startCloud, type Cloud } from '../../../src/kit/cloud.ts';
import { sendSpans } from '../../fixtures/kit/cloud-process.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const secrets = {
  honeycomb: 'hcaik_forward_test_key_0123456789',
  rollbar: 'rb_forward_token_abcdef0123456789',
  accessKeyId: 'AKIAFORWARDTEST00001',
  secretAccessKey: 'forward/secret+access/key0123456789',
};

let upstream: Server;
let upstreamUrl: string;
const received: Received[] = [];
/** The fake CloudWatch Logs knows no group at first: the forwarder must create group and stream, then retry. */
const upstreamGroups = new Set<string>();
let cloud: Cloud;
const printed: string[] = [];
const originals = { log: console.log, error: console.error, warn: console.warn, write: process.stdout.write.bind(process.stdout) };

before(async () => {
  upstream = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.url === '/v1/traces') return void res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      if (req.url === '/api/1/item/') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ err: 0, result: { id: null, uuid: 'u' } }));
      if (req.url === '/echo-key/v1/traces') {
        // A hostile upstream that echoes the key back in its error: the stats must not show it.
        return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `unknown API key ${String(req.headers['x-honeycomb-team'])}` }));
      }
      const input = JSON.parse(body.toString() || '{}') as { logGroupName: string };
      const fail = (type: string) => res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: type, message: type }));
      if (target.endsWith('.PutLogEvents')) return upstreamGroups.has(input.logGroupName) ? void res.writeHead(200).end('{"nextSequenceToken":"1"}') : void fail('ResourceNotFoundException');
      if (target.endsWith('.CreateLogGroup')) return void (upstreamGroups.add(input.logGroupName), res.writeHead(200).end('{}'));
      if (target.endsWith('.CreateLogStream')) return void res.writeHead(200).end('{}');
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  // Everything the cloud prints during these tests is checked for secrets at the end.
  const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  console.log = capture;
  console.error = capture;
  console.warn = capture;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    printed.push(String(chunk));
    return (originals.write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  cloud = await startCloud({
    host: '127.0.0.1',
    otlpPort: 0,
    awsPort: 0,
    capacity: 1000,
    maxBodyBytes: 1024 * 1024,
    env: {
      WORKSHOP_FORWARD_HONEYCOMB_KEY: secrets.honeycomb,
      WORKSHOP_FORWARD_OTLP_URL: `${upstreamUrl}/v1/traces`,
      WORKSHOP_FORWARD_ROLLBAR_TOKEN: secrets.rollbar,
      WORKSHOP_FORWARD_ROLLBAR_URL: `${upstreamUrl}/api/1/item/`,
      WORKSHOP_FORWARD_AWS: '1',
      AWS_ACCESS_KEY_ID: secrets.accessKeyId,
      AWS_SECRET_ACCESS_KEY: secrets.secretAccessKey,
      WORKSHOP_FORWARD_AWS_REGION: 'ca-central-1',
      WORKSHOP_FORWARD_AWS_LOGS_URL: `${upstreamUrl}/`,
    },
  });
});

after(async () => {
  console.log = originals.log;
  console.error = originals.error;
  console.warn = originals.warn;
  process.stdout.write = originals.write;
  await cloud.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

async function statsText(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${cloud.awsPort}/workshop/forward/stats`)).text();
}

function assertNoSecrets(text: string, where: string): void {
  for (const [name, secret] of Object.entries(secrets)) assert.ok(!text.includes(secret), `${where} contains the ${name} secret`);
}

describe('forwarding to real upstreams (fake ones here)', () => {
  it('sends OTLP traces on to Honeycomb with x-honeycomb-team, as received', async () => {
    await sendSpans(cloud.otlpPort, 'backend-flask', ['home-activities']);
    await cloud.forwarding.drained();
    const copy = received.find((r) => r.path === '/v1/traces');
    assert.ok(copy, 'no OTLP copy arrived');
    assert.equal(copy.headers['x-honeycomb-team'], secrets.honeycomb);
    assert.equal(copy.headers['content-type'], 'application/x-protobuf');
    assert.ok(copy.body.includes(Buffer.from('home-activities')));
    // Local views are unaffected.
    const local = (await (await fetch(`http://127.0.0.1:${cloud.otlpPort}/workshop/spans`)).json()) as { spans: { name: string }[] };
    assert.deepEqual(local.spans.map((s) => s.name), ['home-activities']);
  });

  it('re-posts Rollbar items with the forwarding token, never the app’s', async () => {
    const reply = await fetch(`http://127.0.0.1:${cloud.awsPort}/api/1/item/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rollbar-access-token': 'app-side-token-0000' },
      body: JSON.stringify({ data: { environment: 'production', level: 'warning', body: { message: { body: 'Hello World!' } } } }),
    });
    assert.equal(reply.status, 200);
    await cloud.forwarding.drained();
    const copy = received.find((r) => r.path === '/api/1/item/');
    assert.ok(copy, 'no Rollbar copy arrived');
    assert.equal(copy.headers['x-rollbar-access-token'], secrets.rollbar);
    const sent = JSON.parse(copy.body.toString()) as { data: { environment: string; body: { message: { body: string } } }; access_token?: string };
    assert.equal(sent.data.body.message.body, 'Hello World!');
    assert.equal(sent.access_token, undefined);
    assert.ok(!copy.body.toString().includes('app-side-token-0000'));
  });

  it('forwards PutLogEvents signed with SigV4, creating the group and stream upstream when missing', async () => {
    const client = new CloudWatchLogsClient({ endpoint: `http://127.0.0.1:${cloud.awsPort}`, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await client.send(new CreateLogGroupCommand({ logGroupName: 'cruddur' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: 'fwd' }));
    const now = Date.now();
    await client.send(new PutLogEventsCommand({ logGroupName: 'cruddur', logStreamName: 'fwd', logEvents: [{ timestamp: now - 20 * 86_400_000, message: 'too old' }, { timestamp: now, message: 'Hello Cruddur!' }] }));
    client.destroy();
    await cloud.forwarding.drained();
    const calls = received.filter((r) => r.headers['x-amz-target'] !== undefined).map((r) => String(r.headers['x-amz-target']));
    assert.deepEqual(calls, ['Logs_20140328.PutLogEvents', 'Logs_20140328.CreateLogGroup', 'Logs_20140328.CreateLogStream', 'Logs_20140328.PutLogEvents']);
    const put = received.filter((r) => r.headers['x-amz-target'] === 'Logs_20140328.PutLogEvents').at(-1) as Received;
    const body = JSON.parse(put.body.toString()) as { logGroupName: string; logStreamName: string; logEvents: { message: string }[] };
    assert.deepEqual(body.logEvents.map((e) => e.message), ['Hello Cruddur!'], 'only the events the stand-in accepted');
    // The signature is real: re-signing the same request with the same date gives the same Authorization.
    const authorization = String(put.headers['authorization']);
    assert.match(authorization, new RegExp(`^AWS4-HMAC-SHA256 Credential=${secrets.accessKeyId}/\\d{8}/ca-central-1/logs/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`));
    const amzDate = String(put.headers['x-amz-date']);
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const url = new URL(upstreamUrl);
    const signer = new SignatureV4({ service: 'logs', region: 'ca-central-1', credentials: { accessKeyId: secrets.accessKeyId, secretAccessKey: secrets.secretAccessKey }, sha256: Sha256 });
    const expected = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.PutLogEvents' }, body: put.body.toString() },
      { signingDate },
    );
    assert.equal(authorization, expected.headers['authorization']);
    assert.ok(!authorization.includes(secrets.secretAccessKey));
  });

  it('reports counts in /workshop/forward/stats without any key, token or credential', async () => {
    const text = await statsText();
    assertNoSecrets(text, '/workshop/forward/stats');
    const stats = JSON.parse(text) as Record<string, { enabled: boolean; sent: number; failed: number; url: string }>;
    assert.equal(stats['otlp']?.sent, 1);
    assert.equal(stats['rollbar']?.sent, 1);
    assert.equal(stats['cloudwatchLogs']?.sent, 1);
    assert.equal(stats['otlp']?.url, `${upstreamUrl}/v1/traces`);
    for (const path of ['/workshop/rollbar/items', '/workshop/logs/groups', '/workshop/logs/events']) assertNoSecrets(await (await fetch(`http://127.0.0.1:${cloud.awsPort}${path}`)).text(), path);
    assertNoSecrets(await (await fetch(`http://127.0.0.1:${cloud.otlpPort}/workshop/stats`)).text(), '/workshop/stats');
  });
});

describe('forwarding failures', () => {
  it('never break local ingest: failures are counted and the error text is redacted', async () => {
    const failing = await startCloud({
      host: '127.0.0.1',
      otlpPort: 0,
      awsPort: 0,
      capacity: 1000,
      maxBodyBytes: 1024 * 1024,
      env: {
        WORKSHOP_FORWARD_HONEYCOMB_KEY: secrets.honeycomb,
        WORKSHOP_FORWARD_OTLP_URL: `${upstreamUrl}/echo-key/v1/traces`,
        WORKSHOP_FORWARD_ROLLBAR_TOKEN: secrets.rollbar,
        // Nothing listens on port 9 (discard) on loopback here: connection refused.
        WORKSHOP_FORWARD_ROLLBAR_URL: 'http://127.0.0.1:9/api/1/item/',
      },
    });
    try {
      await sendSpans(failing.otlpPort, 'backend-flask', ['still-stored']);
      const item = await fetch(`http://127.0.0.1:${failing.awsPort}/api/1/item/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-rollbar-access-token': 't' },
        body: JSON.stringify({ data: { environment: 'production', body: { message: { body: 'still stored' } } } }),
      });
      assert.equal(item.status, 200);
      await failing.forwarding.drained();
      const text = await (await fetch(`http://127.0.0.1:${failing.awsPort}/workshop/forward/stats`)).text();
      assertNoSecrets(text, 'failure stats');
      const stats = JSON.parse(text) as Record<string, { failed: number; sent: number; lastError?: string; lastStatus?: number; enabled: boolean }>;
      assert.equal(stats['otlp']?.failed, 1);
      assert.equal(stats['otlp']?.lastStatus, 401);
      assert.match(stats['otlp']?.lastError ?? '', /unknown API key \[redacted\]/);
      assert.equal(stats['rollbar']?.failed, 1);
      assert.match(stats['rollbar']?.lastError ?? '', /fetch failed/);
      assert.deepEqual(stats['cloudwatchLogs'], { enabled: false });
      const spans = (await (await fetch(`http://127.0.0.1:${failing.otlpPort}/workshop/spans`)).json()) as { spans: { name: string }[] };
      assert.deepEqual(spans.spans.map((s) => s.name), ['still-stored']);
    } finally {
      await failing.close();
    }
  });

  it('printed nothing secret during any of this', () => {
    assertNoSecrets(printed.join('\n'), 'console output');
  });
});
