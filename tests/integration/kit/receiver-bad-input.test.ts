/**
 * Bad input gets the status the OTLP spec asks for, the server keeps serving, and what was stored stays stored.
 * Ends with a seeded, bounded fuzz run over random and mutated bodies.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs/light.js';
import { startOtlpServer, type OtlpServer } from '../../../src/kit/otlp/server.ts';
import { SpanStore } from '../../../src/kit/store/span-store.ts';
import { jsonRequest, jsonSpan, protobufRequest } from '../../fixtures/kit/otlp-samples.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: Uint8Array | string; chunks?: Uint8Array[] }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/v1/traces', headers: options.headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    // The server may close an oversized upload early; the status already arrived then.
    req.on('error', reject);
    if (options.chunks !== undefined) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

const json = { 'content-type': 'application/json' };
const proto = { 'content-type': 'application/x-protobuf' };
const limit = 1024 * 1024;

let server: OtlpServer;
const store = new SpanStore();

before(async () => {
  server = await startOtlpServer({ spans: store, maxBodyBytes: limit });
});
after(async () => {
  await server.close();
});

async function postValid(name: string): Promise<void> {
  const reply = await send(server.port, { headers: json, body: JSON.stringify(jsonRequest([jsonSpan({ name, spanId: Buffer.from(name.padEnd(8, '.').slice(0, 8)).toString('hex') })])) });
  assert.equal(reply.status, 200);
  assert.equal(reply.body.toString(), '{}');
}

function rpcStatus(body: Buffer): { code: number; message: string } {
  const reader = protobuf.Reader.create(body);
  const out = { code: 0, message: '' };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 0x08) out.code = reader.int32();
    else if (tag === 0x12) out.message = reader.string();
    else reader.skipType(tag & 7);
  }
  return out;
}

describe('OTLP receiver on bad input', () => {
  it('stores a valid span first (kept intact through everything below)', async () => {
    await postValid('before-1');
  });

  it('answers malformed JSON with 400 and a JSON google.rpc.Status', async () => {
    const reply = await send(server.port, { headers: json, body: '{"resourceSpans": [' });
    assert.equal(reply.status, 400);
    assert.equal(reply.headers['content-type'], 'application/json');
    const status = JSON.parse(reply.body.toString()) as { code: number; message: string };
    assert.equal(status.code, 3);
    assert.match(status.message, /invalid JSON/);
  });

  it('answers JSON of the wrong shape with 400 naming the field', async () => {
    const reply = await send(server.port, { headers: json, body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 7 }] }] }] }) });
    assert.equal(reply.status, 400);
    assert.match(reply.body.toString(), /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name/);
  });

  it('answers truncated protobuf with 400 and a protobuf google.rpc.Status', async () => {
    const bytes = protobufRequest();
    const reply = await send(server.port, { headers: proto, body: bytes.subarray(0, bytes.length - 5) });
    assert.equal(reply.status, 400);
    assert.equal(reply.headers['content-type'], 'application/x-protobuf');
    const status = rpcStatus(reply.body);
    assert.equal(status.code, 3);
    assert.match(status.message, /invalid protobuf/);
  });

  it('answers a gzip bomb with 413 without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    assert.ok(bomb.length < limit, 'the compressed bomb itself is under the limit');
    const reply = await send(server.port, { headers: { ...proto, 'content-encoding': 'gzip' }, body: bomb });
    assert.equal(reply.status, 413);
    assert.match(rpcStatus(reply.body).message, /inflates past/);
  });

  it('answers an oversized body with 413, by Content-Length or while streaming', async () => {
    const declared = await send(server.port, { headers: json, body: Buffer.alloc(limit + 1, 0x20) });
    assert.equal(declared.status, 413);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const streamed = await send(server.port, { headers: { ...json, 'transfer-encoding': 'chunked' }, chunks: Array.from({ length: 20 }, () => chunk) });
    assert.equal(streamed.status, 413);
  });

  it('answers bad gzip with 400 and an unknown encoding with 415', async () => {
    assert.equal((await send(server.port, { headers: { ...json, 'content-encoding': 'gzip' }, body: 'not gzip' })).status, 400);
    assert.equal((await send(server.port, { headers: { ...json, 'content-encoding': 'br' }, body: '{}' })).status, 415);
  });

  it('answers an unknown or missing content type with 415', async () => {
    assert.equal((await send(server.port, { headers: { 'content-type': 'text/plain' }, body: '{}' })).status, 415);
    assert.equal((await send(server.port, { body: '{}' })).status, 415);
  });

  it('answers a wrong method with 405 and Allow, an unknown path with 404', async () => {
    const get = await send(server.port, { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers['allow'], 'POST, OPTIONS');
    assert.equal((await send(server.port, { path: '/v2/traces', headers: json, body: '{}' })).status, 404);
  });

  it('answers a CORS preflight for browser exporters', async () => {
    const reply = await send(server.port, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-honeycomb-team' } });
    assert.equal(reply.status, 204);
    assert.equal(reply.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.equal(reply.headers['access-control-allow-headers'], 'content-type,x-honeycomb-team');
    assert.match(String(reply.headers['access-control-allow-methods']), /POST/);
  });

  it('succeeds on empty requests: {} for JSON, an empty body for protobuf', async () => {
    const j = await send(server.port, { headers: json, body: '{}' });
    assert.deepEqual([j.status, j.body.toString()], [200, '{}']);
    const p = await send(server.port, { headers: proto, body: new Uint8Array(0) });
    assert.deepEqual([p.status, p.body.length], [200, 0]);
  });

  it('reports partial success when some spans have bad ids', async () => {
    const reply = await send(server.port, { headers: json, body: JSON.stringify(jsonRequest([jsonSpan({ traceId: 'nothex' })])) });
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.body.toString()), { partialSuccess: { rejectedSpans: '1', errorMessage: 'span "home-activities-mock-data": invalid or missing traceId' } });
  });

  it('accepts logs and metrics (validated and counted)', async () => {
    assert.equal((await send(server.port, { path: '/v1/logs', headers: json, body: '{"resourceLogs":[]}' })).status, 200);
    assert.equal((await send(server.port, { path: '/v1/metrics', headers: proto, body: new Uint8Array(0) })).status, 200);
    assert.equal((await send(server.port, { path: '/v1/metrics', headers: proto, body: Uint8Array.from([0x0a, 0xff]) })).status, 400);
    assert.equal(server.otlp.stats.requests.logs, 1);
    assert.equal(server.otlp.stats.requests.metrics, 2);
  });

  it('still serves afterwards, with earlier spans intact', async () => {
    await postValid('after-1');
    assert.deepEqual(
      store.values().map((s) => s.name),
      ['before-1', 'after-1'],
    );
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

describe('OTLP receiver fuzz (seeded, bounded)', () => {
  it('answers 200 or 400 to 400 random and mutated bodies, and keeps serving', async () => {
    const seed = 20261124;
    const rand = prng(seed);
    const int = (n: number): number => Math.floor(rand() * n);
    const validProto = protobufRequest([jsonSpan(), jsonSpan({ name: 'second', spanId: '0102030405060708' })]);
    const validJson = Buffer.from(JSON.stringify(jsonRequest()));
    const mutate = (source: Uint8Array): Uint8Array => {
      const bytes = Uint8Array.from(source);
      const kind = int(3);
      if (kind === 0) for (let i = 0; i < 1 + int(8); i++) bytes[int(bytes.length)] = int(256);
      if (kind === 1) return bytes.subarray(0, int(bytes.length));
      if (kind === 2) {
        const at = int(bytes.length);
        return Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(16) }, () => int(256))), bytes.subarray(at)]);
      }
      return bytes;
    };
    const storedBefore = store.values().map((s) => s.spanId);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const pick = int(4);
      const isJson = pick === 3;
      const body = pick === 0 ? Uint8Array.from(Array.from({ length: int(2000) }, () => int(256))) : pick === 3 ? mutate(validJson) : mutate(validProto);
      const gzip = int(5) === 0;
      const headers: Record<string, string> = { ...(isJson ? json : proto), ...(gzip ? { 'content-encoding': 'gzip' } : {}) };
      const reply = await send(server.port, { headers, body: gzip ? gzipSync(body) : body });
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      assert.ok(reply.status === 200 || reply.status === 400, `case ${i} (seed ${seed}): status ${reply.status} ${reply.body.toString().slice(0, 200)}`);
    }
    assert.ok((statuses.get(400) ?? 0) > 0, 'some bodies were refused');
    await postValid('after-fuzz');
    const storedAfter = store.values().map((s) => s.spanId);
    for (const id of storedBefore) assert.ok(storedAfter.includes(id), 'earlier spans are still stored');
  });
});
