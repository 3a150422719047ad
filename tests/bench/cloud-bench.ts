/**
 * Local cloud throughput and memory, over loopback against the real `node src/kit/cloud.ts` process:
 *   otlpSpansPerSecondProtobuf / otlpSpansPerSecondJson   spans stored per second (100-span requests, 4 in flight)
 *   logEventsPerSecond                                    PutLogEvents events stored per second (500-event batches)
 *   rssMbWithStoresFull                                   the cloud's RSS with 50k spans, 100k log events and 10k
 *                                                         Rollbar occurrences (all distinct items) stored
 * Each throughput phase runs durationMs / 3; filling is bounded by count and by a deadline. X-Ray is measured
 * elsewhere. Run alone: `node tests/bench/cloud-bench.ts [durationMs]` prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { isMain } from '../../src/kit/is-main.ts';
import { startCloudProcess } from '../fixtures/kit/cloud-process.ts';
import { jsonRequest, jsonSpan, protobufRequest } from '../fixtures/kit/otlp-samples.ts';
import { repoDir } from '../fixtures/kit/run-runner.ts';

export interface CloudBench {
  otlpSpansPerSecondProtobuf: number;
  otlpSpansPerSecondJson: number;
  logEventsPerSecond: number;
  rssMbWithStoresFull: number;
}

const spansPerRequest = 100;
const eventsPerBatch = 500;
const inFlight = 4;
const fill = { spans: 50_000, logEvents: 100_000, rollbarItems: 10_000 };
const fillDeadlineMs = 120_000;

export async function benchCloud(options: { durationMs?: number } = {}): Promise<CloudBench> {
  const phaseMs = Math.max(300, Math.floor((options.durationMs ?? 3000) / 3));
  const cloud = await startCloudProcess(join(repoDir, 'src/kit/cloud.ts'), ['--otlp-port', '0', '--aws-port', '0']);
  const ready = cloud.ready as typeof cloud.ready & { awsPort: number };
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  try {
    const post = (port: number, path: string, headers: Record<string, string>, body: string | Uint8Array): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const spans = Array.from({ length: spansPerRequest }, (_, i) => jsonSpan({ spanId: (0x1000 + i).toString(16).padStart(16, '0'), name: `span-${i}` }));
    const protobufBody = protobufRequest(spans);
    const jsonBody = JSON.stringify(jsonRequest(spans));
    const sendProtobuf = () => post(ready.otlpPort, '/v1/traces', { 'content-type': 'application/x-protobuf' }, protobufBody);
    const sendJson = () => post(ready.otlpPort, '/v1/traces', { 'content-type': 'application/json' }, jsonBody);

    const logsCall = (operation: string, input: unknown) =>
      post(ready.awsPort, '/', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}`, authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request' }, JSON.stringify(input));
    await logsCall('CreateLogGroup', { logGroupName: 'cruddur' });
    for (let s = 0; s < inFlight; s++) await logsCall('CreateLogStream', { logGroupName: 'cruddur', logStreamName: `bench-${s}` });
    let batchNo = 0;
    const putBatch = () => {
      const n = batchNo++;
      const t = Date.now();
      // About the size of the Cruddur access line plus a request id.
      const logEvents = Array.from({ length: eventsPerBatch }, (_, i) => ({ timestamp: t, message: `[2023-Feb-25 22:03] 172.18.0.1 GET http /api/activities/home? 200 OK request=${n}-${i} ${'x'.repeat(40)}` }));
      return logsCall('PutLogEvents', { logGroupName: 'cruddur', logStreamName: `bench-${n % inFlight}`, logEvents });
    };

    const otlpSpansPerSecondProtobuf = (await throughput(sendProtobuf, phaseMs)) * spansPerRequest;
    const otlpSpansPerSecondJson = (await throughput(sendJson, phaseMs)) * spansPerRequest;
    const logEventsPerSecond = (await throughput(putBatch, phaseMs)) * eventsPerBatch;

    // Fill every store to capacity, bounded by count and deadline.
    const deadline = Date.now() + fillDeadlineMs;
    await repeat(Math.ceil(fill.spans / spansPerRequest), sendProtobuf, deadline);
    await repeat(Math.ceil(fill.logEvents / eventsPerBatch), putBatch, deadline);
    let itemNo = 0;
    await repeat(fill.rollbarItems, () => post(ready.awsPort, '/api/1/item/', { 'content-type': 'application/json', 'x-rollbar-access-token': 'bench-token-0123456789' }, rollbarItem(itemNo++)), deadline);

    const stored = {
      spans: ((await getJson(ready.otlpPort, '/workshop/stats')) as { stored: number }).stored,
      logEvents: ((await getJson(ready.awsPort, '/workshop/logs/groups')) as { stored: number }).stored,
      rollbar: ((await getJson(ready.awsPort, '/workshop/rollbar/items?limit=1')) as { occurrencesStored: number }).occurrencesStored,
    };
    if (stored.spans < fill.spans || stored.logEvents < fill.logEvents || stored.rollbar < fill.rollbarItems) {
      throw new Error(`stores not full before the memory reading: ${JSON.stringify(stored)}`);
    }
    // Let the cloud settle (pending GC) before reading its resident set.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssMbWithStoresFull = Math.round(rssKb(cloud.proc.pid ?? 0) / 1024);
    return { otlpSpansPerSecondProtobuf: Math.round(otlpSpansPerSecondProtobuf), otlpSpansPerSecondJson: Math.round(otlpSpansPerSecondJson), logEventsPerSecond: Math.round(logEventsPerSecond), rssMbWithStoresFull };
  } finally {
    agent.destroy();
    cloud.proc.kill('SIGTERM');
  }
}

/** Successful requests per second with `inFlight` concurrent senders over `ms`. */
async function throughput(send: () => Promise<number>, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        const status = await send();
        if (status !== 200) throw new Error(`bench request failed with HTTP ${status}`);
        ok += 1;
      }
    }),
  );
  return ok / ((performance.now() - started) / 1000);
}

async function repeat(count: number, send: () => Promise<number>, deadline: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        if (Date.now() > deadline) throw new Error('filling the stores took too long');
        next += 1;
        const status = await send();
        if (status !== 200) throw new Error(`fill request failed with HTTP ${status}`);
      }
    }),
  );
}

/** A rollbar.js-sized error item (trace_chain with source context, request, notifier, telemetry), distinct per n. */
function rollbarItem(n: number): string {
  const frames = Array.from({ length: 10 }, (_, i) => ({
    filename: `/app/backend/node_modules/express/lib/router/layer${i}.js`,
    lineno: 95 + i,
    colno: 5,
    method: `handle${i}`,
    code: '    fn(req, res, next);',
    context: { pre: ['  try {', '    const result = service.run();'], post: ['  } catch (err) {', '    next(err);'] },
  }));
  return JSON.stringify({
    data: {
      environment: 'production',
      level: 'error',
      timestamp: Math.floor(Date.now() / 1000),
      language: 'javascript',
      framework: 'node-js',
      notifier: { name: 'node_rollbar', version: '3.1.0', configured_options: { environment: 'production', captureUncaught: true } },
      server: { host: 'cruddur-backend', argv: ['node', 'app.js'], pid: 42 },
      request: { url: `http://localhost:4567/api/activities/home?n=${n}`, method: 'GET', headers: { host: 'localhost:4567', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)', accept: 'application/json' }, GET: { n: String(n) }, user_ip: '127.0.0.1' },
      body: {
        trace_chain: [{ frames, exception: { class: 'TypeError', message: `The view function for 'data_home' did not return a valid response (#${n})` } }],
        telemetry: Array.from({ length: 5 }, (_, i) => ({ level: 'info', type: 'log', source: 'server', timestamp_ms: Date.now() - i, body: { message: `GET /api/activities/home ${i}` } })),
      },
    },
  });
}

function getJson(port: number, path: string): Promise<unknown> {
  return fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.json());
}

/** Linux: the child's resident set size from /proc. */
function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (m === null) throw new Error('no VmRSS in /proc status');
  return Number(m[1]);
}

if (isMain(import.meta.url)) {
  const durationMs = Number(process.argv[2] ?? 3000);
  console.log(JSON.stringify(await benchCloud({ durationMs }), null, 2));
}
