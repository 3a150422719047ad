/** The local cloud as a process: ready line, OTLP in, query API and SSE out, clean stop on SIGTERM. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../src/kit/runner/free-port.ts';
import { getJson, sendSpans, startCloudProcess, type Cloud } from '../../fixtures/kit/cloud-process.ts';
import { repoDir } from '../../fixtures/kit/run-runner.ts';

type SpanList = { spans: { seq: number; name: string; traceId: string; resource: Record<string, unknown> }[]; lastSeq: number };

describe('local cloud (src/kit/cloud.ts)', () => {
  let cloud: Cloud;
  before(async () => {
    cloud = await startCloudProcess(join(repoDir, 'src/kit/cloud.ts'), ['--otlp-port', '0']);
  });
  after(() => {
    cloud.proc.kill('SIGKILL');
  });

  it('prints one JSON ready line with its port, on 127.0.0.1', () => {
    assert.equal(cloud.ready.type, 'ready');
    assert.equal(cloud.ready.host, '127.0.0.1');
    assert.ok(cloud.ready.otlpPort > 0);
  });

  it('serves received spans through /workshop/spans with filters, newest first', async () => {
    const port = cloud.ready.otlpPort;
    await sendSpans(port, 'backend-flask', ['a', 'b']);
    await sendSpans(port, 'frontend', ['c']);
    const all = (await getJson(port, '/workshop/spans')).body as SpanList;
    assert.deepEqual(all.spans.map((s) => s.name), ['c', 'b', 'a']);
    const backend = (await getJson(port, '/workshop/spans?service=backend-flask')).body as SpanList;
    assert.deepEqual(backend.spans.map((s) => s.name), ['b', 'a']);
    const byName = (await getJson(port, '/workshop/spans?name=a')).body as SpanList;
    assert.deepEqual(byName.spans.map((s) => s.name), ['a']);
    const byTrace = (await getJson(port, `/workshop/spans?traceId=${all.spans[0]?.traceId ?? ''}`)).body as SpanList;
    assert.deepEqual(byTrace.spans.map((s) => s.name), ['c']);
    assert.deepEqual(((await getJson(port, '/workshop/spans?limit=1')).body as SpanList).spans.length, 1);
    assert.deepEqual(((await getJson(port, `/workshop/spans?after=${all.lastSeq}`)).body as SpanList).spans, []);
    assert.deepEqual(((await getJson(port, `/workshop/spans?since=${Date.now() + 60_000}`)).body as SpanList).spans, []);
    const stats = (await getJson(port, '/workshop/stats')).body as { stored: number; requests: { traces: number } };
    assert.equal(stats.stored, 3);
    assert.equal(stats.requests.traces, 3);
    assert.equal((await getJson(port, '/workshop/nope')).status, 404);
  });

  it('streams new spans as Server-Sent Events', async () => {
    const port = cloud.ready.otlpPort;
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/workshop/events?service=sse-test' }, (res) => {
        assert.equal(res.headers['content-type'], 'text/event-stream');
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          text += c;
          if (text.includes('event: spans')) {
            req.destroy();
            resolve(text);
          }
        });
        void sendSpans(port, 'other-service', ['ignored']).then(() => sendSpans(port, 'sse-test', ['live']));
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
      req.end();
    });
    const data = /data: (.*)\n/.exec(received)?.[1] ?? '[]';
    assert.deepEqual((JSON.parse(data) as { name: string }[]).map((s) => s.name), ['live']);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => cloud.proc.once('exit', (code) => resolve(code)));
    cloud.proc.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

describe('local cloud options', () => {
  it('takes its port from WORKSHOP_OTLP_PORT and rejects bad flags', async () => {
    const port = await freePort();
    const cloud = await startCloudProcess(join(repoDir, 'src/kit/cloud.ts'), [], { WORKSHOP_OTLP_PORT: String(port) });
    assert.equal(cloud.ready.otlpPort, port);
    cloud.proc.kill('SIGINT');
    await new Promise((resolve) => cloud.proc.once('exit', resolve));
    await assert.rejects(startCloudProcess(join(repoDir, 'src/kit/cloud.ts'), ['--otlp-port', 'abc']), /exited \(2\)/);
  });
});
