/**
 * The daemon stand-in and the API under bad input: every broken datagram is dropped and counted by reason, garbage
 * to the HTTP side gets a clear 4xx, the server keeps serving and stored data stays intact. Ends with a seeded,
 * bounded fuzz run. Also the workshop's read routes (segments, traces, stats, the SSE change feed).
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { request } from 'node:http';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { formatDatagram } from '../../../src/kit/xray/datagram.ts';
import type { SegmentDocument } from '../../../src/kit/xray/segment-doc.ts';
import { httpCall, newSegmentId, newTraceId, startLocalXray, waitFor, xrayCall, type LocalXray } from '../../fixtures/kit/xray/harness.ts';

function validDoc(extra: Partial<SegmentDocument> = {}): SegmentDocument {
  const now = Date.now() / 1000;
  return { name: 'backend-flask', id: newSegmentId(), trace_id: newTraceId(), start_time: now - 0.05, end_time: now, ...extra };
}

describe('x-ray daemon under bad input', () => {
  let xray: LocalXray;
  let socket: Socket;

  before(async () => {
    xray = await startLocalXray();
    socket = createSocket('udp4');
  });
  after(async () => {
    socket?.close();
    await xray?.close();
  });

  const send = (data: string | Buffer) => new Promise<void>((resolve, reject) => socket.send(data, xray.daemon.udpPort ?? 0, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  const stats = () => xray.segmentStore.ingestStats;
  /** A valid datagram after the bad ones: once it is stored, the bad ones before it were judged too. */
  const sendMarker = async (): Promise<SegmentDocument> => {
    const doc = validDoc({ name: 'marker' });
    await send(formatDatagram(doc));
    await waitFor('the marker', () => xray.segmentStore.trace(doc.trace_id));
    return doc;
  };

  it('binds UDP and TCP on the same port number (one AWS_XRAY_DAEMON_ADDRESS)', () => {
    assert.equal(xray.daemon.udpPort, xray.daemon.tcpPort);
    assert.equal(xray.daemon.udpError, undefined);
  });

  it('drops and counts every kind of bad datagram, and keeps what was stored', async () => {
    const kept = validDoc();
    await send(formatDatagram(kept));
    await waitFor('the first document', () => xray.segmentStore.trace(kept.trace_id));
    const before = stats();
    await send('this is not a datagram');
    await send(`{"format":"json","version":1}`);
    await send(`{"format":"yaml","version":1}\n${JSON.stringify(validDoc())}`);
    await send(`<header>\n${JSON.stringify(validDoc())}`);
    await send('{"format":"json","version":1}\n{"name": "cut off');
    await send(formatDatagram({ ...validDoc(), id: 'not-hex' }));
    await send(formatDatagram({ ...validDoc(), end_time: undefined }));
    await send(Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x7b]));
    await send(formatDatagram({ ...validDoc(), padding: 'x'.repeat(65_000) }));
    await sendMarker();
    const after = stats();
    const delta = (reason: keyof typeof after.dropped) => after.dropped[reason] - before.dropped[reason];
    assert.equal(delta('missingHeader'), 2);
    assert.equal(delta('badHeader'), 3);
    assert.equal(delta('badJson'), 1);
    assert.equal(delta('missingField'), 2);
    assert.equal(delta('tooLarge'), 1);
    assert.equal(after.droppedTotal - before.droppedTotal, 9);
    assert.ok(xray.segmentStore.trace(kept.trace_id), 'earlier data intact');
    const reported = JSON.parse((await httpCall(xray.daemon.tcpPort, 'GET', '/workshop/xray/stats')).text) as { dropped: Record<string, number>; droppedTotal: number; lastDrop: { reason: string } };
    assert.equal(reported.droppedTotal, after.droppedTotal);
    assert.equal(reported.dropped['tooLarge'], after.dropped.tooLarge);
  });

  it('takes one datagram per POST on the HTTP ingest path, and refuses garbage with a reason', async () => {
    const doc = validDoc();
    const ok = await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(doc));
    assert.equal(ok.status, 202);
    assert.ok(xray.segmentStore.trace(doc.trace_id));
    assert.equal(xray.segmentStore.find({ traceId: doc.trace_id })[0]?.value.via, 'http');
    const bad = await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', 'garbage');
    assert.equal(bad.status, 400);
    assert.equal((JSON.parse(bad.text) as { reason: string }).reason, 'missingHeader');
    const big = await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram({ ...validDoc(), padding: 'y'.repeat(200_000) }));
    assert.equal(big.status, 413);
    assert.equal((await httpCall(xray.daemon.tcpPort, 'GET', '/workshop/segments')).status, 405);
  });

  it('answers garbage to the sampling endpoints with AWS-shaped 400s and keeps serving', async () => {
    for (const body of ['{', '[]', 'null', '"x"', '{"SamplingStatisticsDocuments": 5}', '{"SamplingStatisticsDocuments": [{"RuleName": 7}]}']) {
      const reply = await httpCall(xray.daemon.tcpPort, 'POST', '/SamplingTargets', body);
      assert.equal(reply.status, 400, body);
      const type = reply.headers['x-amzn-errortype'];
      assert.ok(type === 'SerializationException' || type === 'InvalidRequestException', `${body}: ${String(type)}`);
      assert.equal((JSON.parse(reply.text) as { __type: string }).__type, type);
    }
    assert.equal((await httpCall(xray.daemon.tcpPort, 'POST', '/GetSamplingRules', '{')).status, 400);
    const rules = await httpCall(xray.daemon.tcpPort, 'POST', '/GetSamplingRules', '{}');
    assert.equal(rules.status, 200);
    assert.equal((await httpCall(xray.daemon.tcpPort, 'GET', '/nothing-here')).status, 404);
  });

  it('answers bad API calls with InvalidRequestException and the x-amzn-ErrorType header', async () => {
    const now = Date.now() / 1000;
    const cases: [string, unknown][] = [
      ['/TraceSummaries', { StartTime: now - 60, EndTime: now, FilterExpression: 'service("x" {fault' }],
      ['/TraceSummaries', { EndTime: now }],
      ['/TraceSummaries', { StartTime: now, EndTime: now - 60 }],
      ['/Traces', { TraceIds: [] }],
      ['/CreateGroup', { GroupName: '' }],
      ['/CreateSamplingRule', { SamplingRule: { RuleName: 'r' } }],
      ['/GetGroup', { GroupName: 'nope' }],
    ];
    for (const [path, body] of cases) {
      const reply = await xrayCall(xray.apiPort, path, body);
      assert.equal(reply.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.equal(reply.errorType, 'InvalidRequestException');
      assert.equal(reply.json['__type'], 'InvalidRequestException');
      assert.equal(typeof reply.json['Message'], 'string');
    }
  });

  it('PutTraceSegments stores good documents and reports the bad ones as unprocessed', async () => {
    const good = validDoc();
    const reply = await xrayCall(xray.apiPort, '/TraceSegments', { TraceSegmentDocuments: [JSON.stringify(good), '{"id":"0123456789abcdef"}', 'nope', 7] });
    assert.equal(reply.status, 200);
    const unprocessed = reply.json['UnprocessedTraceSegments'] as { Id?: string; ErrorCode: string }[];
    assert.equal(unprocessed.length, 3);
    assert.equal(unprocessed[0]?.Id, '0123456789abcdef');
    assert.ok(xray.segmentStore.trace(good.trace_id));
  });

  it('survives a seeded fuzz run over random and mutated datagrams and HTTP bodies', async () => {
    let seed = 0x5eed;
    const random = () => {
      // mulberry32: small, seeded, good enough to vary input reproducibly.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const template = Buffer.from(formatDatagram({ ...validDoc(), subsegments: [{ name: 'activities_home', id: newSegmentId(), start_time: 1, end_time: 2 }] }));
    const stored = xray.segmentStore.size;
    const received = stats().received;
    const sent = 300;
    for (let i = 0; i < sent; i++) {
      let data: Buffer;
      if (random() < 0.3) {
        data = Buffer.alloc(Math.floor(random() * 512));
        for (let j = 0; j < data.length; j++) data[j] = Math.floor(random() * 256);
      } else {
        data = Buffer.from(template);
        const flips = 1 + Math.floor(random() * 8);
        for (let j = 0; j < flips; j++) data[Math.floor(random() * data.length)] = Math.floor(random() * 256);
      }
      await send(data);
      if (i % 10 === 0) {
        const target = random() < 0.5 ? '/workshop/segments' : ['/SamplingTargets', '/GetSamplingRules', '/TraceSummaries', '/Traces', '/CreateGroup'][Math.floor(random() * 5)] ?? '/';
        const reply = await httpCall(target === '/workshop/segments' ? xray.daemon.tcpPort : xray.apiPort, 'POST', target, data);
        assert.ok(reply.status < 500, `${target} answered ${reply.status}: ${reply.text}`);
      }
    }
    await sendMarker();
    const after = stats();
    // Every datagram (plus the HTTP ingest posts) was judged: stored, superseded or dropped.
    assert.ok(after.received - received >= sent, `received ${after.received - received}`);
    assert.equal(after.received, after.accepted + after.superseded + after.droppedTotal);
    assert.ok(xray.segmentStore.size >= stored, 'nothing stored before was lost');
    assert.equal((await xrayCall(xray.apiPort, '/GetSamplingRules', {})).status, 200);
  });
});

describe('workshop read routes', () => {
  let xray: LocalXray;

  before(async () => {
    xray = await startLocalXray();
  });
  after(() => xray?.close());

  it('lists segments and traces, and returns one assembled trace', async () => {
    const doc = validDoc({ subsegments: [{ name: 'activities_users', id: newSegmentId(), start_time: 1, end_time: 2 }] });
    const lone: SegmentDocument = { name: 'mock-data', id: newSegmentId(), trace_id: doc.trace_id, type: 'subsegment', parent_id: doc.subsegments?.[0]?.id ?? '', start_time: 1, end_time: 2 };
    await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(doc));
    await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(lone));
    const segments = JSON.parse((await httpCall(xray.apiPort, 'GET', `/workshop/xray/segments?traceId=${doc.trace_id}`)).text) as { segments: { id: string; seq: number }[] };
    assert.deepEqual(segments.segments.map((s) => s.id), [lone.id, doc.id]);
    const service = JSON.parse((await httpCall(xray.apiPort, 'GET', '/workshop/xray/segments?service=backend-flask&kind=subsegment')).text) as { segments: { id: string }[] };
    assert.deepEqual(service.segments.map((s) => s.id), [lone.id]);
    const traces = JSON.parse((await httpCall(xray.apiPort, 'GET', '/workshop/xray/traces')).text) as { traces: { Id: string }[] };
    assert.equal(traces.traces[0]?.Id, doc.trace_id);
    const one = await httpCall(xray.apiPort, 'GET', `/workshop/xray/traces/${doc.trace_id}`);
    // No Origin (a tool, not a page): no CORS grant needed; pages are covered in cloud-views-security.test.ts.
    assert.equal(one.headers['access-control-allow-origin'], undefined);
    const body = JSON.parse(one.text) as { segments: SegmentDocument[] };
    assert.equal(body.segments[0]?.subsegments?.[0]?.subsegments?.[0]?.name, 'mock-data');
    assert.equal((await httpCall(xray.apiPort, 'GET', '/workshop/xray/traces/1-00000000-000000000000000000000000')).status, 404);
  });

  it('streams changes as Server-Sent Events that resume from Last-Event-ID', async () => {
    const lastSeq = xray.segmentStore.lastSeq;
    // Nothing new: an SSE comment after the wait, with the cursor as id.
    const idle = await httpCall(xray.apiPort, 'GET', `/workshop/xray/events?after=${lastSeq}&wait=50`);
    assert.equal(idle.headers['content-type'], 'text/event-stream');
    assert.match(idle.text, /^retry: \d+\nid: \d+\n: nothing new/);
    // Waiting: answers as soon as a segment arrives.
    const pending = httpCall(xray.apiPort, 'GET', `/workshop/xray/events?wait=5000`, undefined, { 'Last-Event-ID': String(lastSeq) });
    await new Promise((r) => setTimeout(r, 50));
    const doc = validDoc();
    await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(doc));
    const event = await pending;
    const id = /id: (\d+)/.exec(event.text)?.[1];
    assert.equal(Number(id), xray.segmentStore.lastSeq);
    assert.match(event.text, /event: segments\ndata: /);
    const data = JSON.parse(/data: (.*)/.exec(event.text)?.[1] ?? '[]') as { id: string }[];
    assert.deepEqual(data.map((d) => d.id), [doc.id]);
    // Catching up returns what was missed, oldest first.
    const replay = await httpCall(xray.apiPort, 'GET', `/workshop/xray/events?after=0&wait=0`);
    const all = JSON.parse(/data: (.*)/.exec(replay.text)?.[1] ?? '[]') as { seq: number }[];
    assert.ok(all.length >= 3);
    assert.deepEqual(all.map((d) => d.seq), [...all.map((d) => d.seq)].sort((a, b) => a - b));
  });
});

describe('live SSE stream (raw-response route, as on the AWS port and the daemon port)', () => {
  it('pushes each stored batch as an event and replays from ?after=', async () => {
    const xray = await startLocalXray();
    try {
      const first = validDoc();
      await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(first));
      const events: string[] = [];
      const req = request({ host: '127.0.0.1', port: xray.daemon.tcpPort, path: '/workshop/xray/events?after=0', agent: false });
      const opened = new Promise<void>((resolve, reject) => {
        req.on('response', (res) => {
          assert.equal(res.headers['content-type'], 'text/event-stream');
          res.on('data', (c: Buffer) => events.push(c.toString()));
          resolve();
        });
        req.on('error', reject);
      });
      req.end();
      await opened;
      await waitFor('the replayed event', () => events.join('').includes(first.id));
      const second = validDoc();
      await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(second));
      await waitFor('the live event', () => events.join('').includes(second.id));
      const text = events.join('');
      assert.match(text, /^: connected\n\nid: 1\nevent: segments\ndata: /);
      assert.match(text, /id: 2\nevent: segments\ndata: .*"id":"[0-9a-f]{16}"/);
      req.destroy();
    } finally {
      await xray.close();
    }
  });
});

describe('x-ray daemon where UDP is missing (the local cloud itself inside WebContainer)', () => {
  it('serves the HTTP side alone and says why there is no UDP', async () => {
    const require = createRequire(import.meta.url);
    const dgram = require('node:dgram') as { createSocket: (...args: unknown[]) => unknown };
    const original = dgram.createSocket;
    dgram.createSocket = () => {
      throw new TypeError('s.getAsyncId is not a function');
    };
    syncBuiltinESMExports();
    let xray: LocalXray | undefined;
    try {
      xray = await startLocalXray();
      assert.equal(xray.daemon.udpPort, undefined);
      assert.match(xray.daemon.udpError ?? '', /getAsyncId/);
      const doc = validDoc();
      assert.equal((await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(doc))).status, 202);
      assert.ok(xray.segmentStore.trace(doc.trace_id));
    } finally {
      dgram.createSocket = original;
      syncBuiltinESMExports();
      await xray?.close();
    }
  });
});
