/**
 * Forwarding to the real X-Ray, against a local fake upstream that checks what AWS would: PutTraceSegments on
 * /TraceSegments, batches of at most 50, and a SigV4 Authorization header whose signature verifies for the
 * region and service "xray". Failures are counted and never touch local ingest; keys never show up anywhere.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { forwarderFromEnv } from '../../../src/kit/xray/forward.ts';
import { SegmentStore } from '../../../src/kit/xray/segment-store.ts';
import { newSegmentId, newTraceId, waitFor } from '../../fixtures/kit/xray/harness.ts';

const accessKeyId = 'AKIDFORWARDTEST';
const secretAccessKey = 'forward-test-secret-key-do-not-print';
const sessionToken = 'forward-test-session-token';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
}

function docs(n: number): ReturnType<typeof doc>[] {
  return Array.from({ length: n }, () => doc());
}

function doc() {
  const now = Date.now() / 1000;
  return { name: 'backend-flask', id: newSegmentId(), trace_id: newTraceId(), start_time: now - 0.01, end_time: now };
}

/** Re-signs what arrived with the same date and credentials: equal Authorization headers mean a valid signature. */
async function verify(req: IncomingMessage, body: string, port: number): Promise<boolean> {
  const auth = String(req.headers['authorization'] ?? '');
  const shape = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/xray\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (shape === null || shape[1] !== accessKeyId || shape[3] !== 'ca-central-1') return false;
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signed = shape[4]?.split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const name of signed) if (name !== 'x-amz-date' && name !== 'x-amz-content-sha256' && name !== 'x-amz-security-token') headers[name] = String(req.headers[name]);
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey, sessionToken }, region: 'ca-central-1', service: 'xray', sha256: Sha256 });
  const again = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: req.url ?? '/', headers, body }, { signingDate });
  return again.headers['authorization'] === auth;
}

describe('forwarding to the real X-Ray (fake upstream)', () => {
  let upstream: Server;
  let port: number;
  const received: Received[] = [];
  let answer: (body: string) => { status: number; body: string } = () => ({ status: 200, body: '{"UnprocessedTraceSegments":[]}' });

  before(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        void verify(req, body, port).then((signatureValid) => {
          received.push({ path: req.url ?? '', headers: req.headers, body, signatureValid });
          const reply = answer(body);
          res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(reply.body);
        });
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    port = (upstream.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  const env = (extra: Record<string, string> = {}) => ({
    WORKSHOP_FORWARD_XRAY: '1',
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SESSION_TOKEN: sessionToken,
    AWS_REGION: 'ca-central-1',
    WORKSHOP_FORWARD_AWS_XRAY_URL: `http://127.0.0.1:${port}`,
    ...extra,
  });

  it('is off unless asked, and says what is missing without printing secrets', () => {
    const store = new SegmentStore();
    assert.equal(forwarderFromEnv(store, {}), undefined);
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      assert.equal(forwarderFromEnv(store, { WORKSHOP_FORWARD_XRAY: '1', AWS_SECRET_ACCESS_KEY: secretAccessKey }), undefined);
    } finally {
      console.error = original;
    }
    assert.match(logged.join('\n'), /AWS_ACCESS_KEY_ID, AWS_REGION are not set/);
    assert.doesNotMatch(logged.join('\n'), /forward-test-secret/);
  });

  it('sends received segments in signed batches of 50 to /TraceSegments', async () => {
    received.length = 0;
    const store = new SegmentStore();
    const forwarder = forwarderFromEnv(store, env());
    assert.ok(forwarder);
    const sent = docs(120);
    store.put(sent, 'udp');
    await forwarder.flush();
    await waitFor('three batches', () => received.length === 3);
    assert.deepEqual(received.map((r) => (JSON.parse(r.body) as { TraceSegmentDocuments: string[] }).TraceSegmentDocuments.length), [50, 50, 20]);
    for (const r of received) {
      assert.equal(r.path, '/TraceSegments');
      assert.ok(r.signatureValid, `valid SigV4: ${String(r.headers['authorization'])}`);
      assert.equal(r.headers['x-amz-security-token'], sessionToken);
      assert.equal(r.headers['content-type'], 'application/json');
    }
    const forwarded = received.flatMap((r) => (JSON.parse(r.body) as { TraceSegmentDocuments: string[] }).TraceSegmentDocuments.map((d) => (JSON.parse(d) as { id: string }).id));
    assert.deepEqual(forwarded, sent.map((d) => d.id));
    const stats = forwarder.stats();
    assert.deepEqual([stats.sent, stats.failed, stats.batches, stats.queued], [120, 0, 3, 0]);
    assert.doesNotMatch(JSON.stringify(stats), /forward-test-secret|AKIDFORWARDTEST|session-token/);
    await forwarder.close();
  });

  it('flushes a small batch after the idle time, as the daemon does', async () => {
    received.length = 0;
    const store = new SegmentStore();
    const forwarder = forwarderFromEnv(store, env());
    assert.ok(forwarder);
    store.put(docs(3), 'udp');
    await waitFor('the idle flush', () => received.length === 1, 4000);
    await forwarder.close();
  });

  it('counts rejections and failures and never breaks local ingest', async () => {
    const store = new SegmentStore();
    const forwarder = forwarderFromEnv(store, env());
    assert.ok(forwarder);
    answer = (body) => {
      const first = JSON.parse((JSON.parse(body) as { TraceSegmentDocuments: string[] }).TraceSegmentDocuments[0] ?? '{}') as { id: string };
      return { status: 200, body: JSON.stringify({ UnprocessedTraceSegments: [{ Id: first.id, ErrorCode: 'InvalidSegment', Message: 'nope' }] }) };
    };
    store.put(docs(5), 'udp');
    await forwarder.flush();
    assert.deepEqual([forwarder.stats().sent, forwarder.stats().rejected], [4, 1]);
    answer = () => ({ status: 403, body: '{"message":"The security token included in the request is invalid."}' });
    store.put(docs(5), 'udp');
    await forwarder.flush();
    assert.equal(forwarder.stats().failed, 5);
    assert.match(forwarder.stats().lastError ?? '', /HTTP 403/);
    assert.equal(store.size, 10, 'local ingest unaffected');
    await forwarder.close();
    answer = () => ({ status: 200, body: '{"UnprocessedTraceSegments":[]}' });

    const unreachable = new SegmentStore();
    const broken = forwarderFromEnv(unreachable, env({ WORKSHOP_FORWARD_AWS_XRAY_URL: 'http://127.0.0.1:1' }));
    assert.ok(broken);
    unreachable.put(docs(2), 'udp');
    await broken.flush();
    assert.equal(broken.stats().failed, 2);
    assert.doesNotMatch(broken.stats().lastError ?? '', /forward-test-secret/);
    assert.equal(unreachable.size, 2);
    await broken.close();
  });
});
