/**
 * Both ways of reading the local cloud (HTTP and the in-sandbox tap) against a real cloud process, and requests
 * to an app through the tap. The tap runs in real Node child processes, as it would in the sandbox.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sendSpans, startCloudProcess, type Cloud } from '../../fixtures/kit/cloud-process.ts';
import { repoDir } from '../../fixtures/kit/run-runner.ts';
import { createHttpSource } from '../../../src/telemetry/access/http-source.ts';
import { createTapSource } from '../../../src/telemetry/access/tap-source.ts';
import { sendAppRequest } from '../../../src/telemetry/requests/app-request.ts';
import type { TelemetrySource } from '../../../src/telemetry/source.ts';
import { nodeSpawnSandbox } from './node-spawn-sandbox.ts';

type SpanPage = { spans: Array<{ name: string; seq: number }>; lastSeq: number };

async function firstEvent(source: TelemetrySource, service: string, names: string[]): Promise<unknown> {
  // Follow from the current sequence number, as the Traces view does, so spans sent before the follower has
  // connected (the tap takes a moment to start) are replayed rather than missed.
  const { lastSeq } = await source.get<SpanPage>('otlp', '/workshop/spans?limit=1');
  return new Promise((resolve, reject) => {
    const stop = source.follow('otlp', `/workshop/events?service=${service}&after=${lastSeq}`, (data) => {
      clearTimeout(timer);
      stop();
      resolve(data);
    });
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no event within 30 s'));
    }, 30_000);
    void sendSpans(cloudPort, service, names);
  });
}

let cloudPort = 0;

describe('telemetry sources', () => {
  let cloud: Cloud;
  before(async () => {
    cloud = await startCloudProcess(join(repoDir, 'src/kit/cloud.ts'), ['--otlp-port', '0', '--aws-port', '0', '--xray-port', '0']);
    cloudPort = cloud.ready.otlpPort;
    await sendSpans(cloudPort, 'backend-flask', ['first', 'second']);
  });
  after(() => {
    cloud.proc.kill('SIGKILL');
  });

  for (const kind of ['http', 'tap'] as const) {
    const make = (): TelemetrySource => {
      const ports = { otlp: cloudPort, aws: (cloud.ready as { awsPort?: number }).awsPort ?? 0 };
      return kind === 'http' ? createHttpSource(ports) : createTapSource(nodeSpawnSandbox(), ports);
    };

    it(`${kind}: get reads a JSON route`, async () => {
      const page = await make().get<SpanPage>('otlp', '/workshop/spans?service=backend-flask');
      assert.deepEqual(page.spans.map((s) => s.name).slice(-2), ['second', 'first']);
    });

    it(`${kind}: get reports the route's error message`, async () => {
      await assert.rejects(make().get('otlp', '/workshop/nope'), /404 for \/workshop\/nope: unknown path/);
    });

    it(`${kind}: refuses a path that is not the cloud's`, async () => {
      await assert.rejects(async () => make().get('otlp', 'http://example.com/'), /Not a local-cloud path/);
    });

    it(`${kind}: follow delivers the parsed SSE data of new spans`, async () => {
      const service = `follow-${kind}`;
      const data = await firstEvent(make(), service, ['live-span']);
      assert.ok(Array.isArray(data));
      assert.equal((data as Array<{ name: string }>)[0]?.name, 'live-span');
    });
  }

  describe('requests to the app through the tap', () => {
    let app: Server;
    let appPort = 0;
    before(async () => {
      app = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          res.writeHead(201, { 'content-type': 'application/json', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
          res.end(JSON.stringify({ method: req.method, url: req.url, type: req.headers['content-type'] ?? null, body }));
        });
      });
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      appPort = (app.address() as { port: number }).port;
    });
    after(() => app.close());

    it('sends method, path and JSON body; returns status, all headers (traceparent too), body and time', async () => {
      const response = await sendAppRequest(nodeSpawnSandbox(), appPort, { method: 'POST', path: '/api/activities?x=1', body: '{"message":"hi"}' });
      assert.equal(response.status, 201);
      assert.deepEqual(JSON.parse(response.body), { method: 'POST', url: '/api/activities?x=1', type: 'application/json', body: '{"message":"hi"}' });
      assert.ok(response.headers.some(([name, value]) => name === 'traceparent' && value.startsWith('00-0af7')));
      assert.ok(response.timeMs >= 0);
      assert.equal(response.truncated, false);
    });

    it('bad input gets a clear error before anything is sent; an unreachable app is reported', async () => {
      const sandbox = nodeSpawnSandbox();
      await assert.rejects(sendAppRequest(sandbox, appPort, { method: 'GET', path: 'api' }), /must start with a single "\/"/);
      await assert.rejects(sendAppRequest(sandbox, appPort, { method: 'POST', path: '/x', body: '{nope' }), /not valid JSON/);
      await assert.rejects(sendAppRequest(sandbox, appPort, { method: 'GET', path: '/x', body: '{}' }), /cannot have a body/);
      assert.equal(sandbox.spawned.length, 0);
      await assert.rejects(sendAppRequest(sandbox, 1, { method: 'GET', path: '/x' }), /fetch failed|ECONNREFUSED/);
    });
  });
});
