/**
 * The whole local cloud as a process (`node src/kit/cloud.ts`): every port in the ready line, OTLP + CloudWatch
 * Logs + Rollbar served at once, the views' live tails and CORS, and a clean stop on SIGTERM/SIGINT.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { freePort } from '../../../src/kit/runner/free-port.ts';
import { getJson, sendSpans, startCloudProcess, type Cloud } from '../../fixtures/kit/cloud-process.ts';
import { http, readSse } from '../../fixtures/kit/logs/local-aws.ts';
import { repoDir } from '../../fixtures/kit/run-runner.ts';

const script = join(repoDir, 'src/kit/cloud.ts');
type Ready = Cloud['ready'] & { awsPort: number; awsEndpoint: string; rollbarEndpoint: string; forwarding: Record<string, boolean> };

function exited(cloud: Cloud): Promise<number | null> {
  return new Promise((resolve) => {
    if (cloud.proc.exitCode !== null) resolve(cloud.proc.exitCode);
    else cloud.proc.once('exit', (code) => resolve(code));
  });
}

describe('local cloud with every stand-in (src/kit/cloud.ts)', () => {
  let cloud: Cloud;
  let ready: Ready;
  before(async () => {
    cloud = await startCloudProcess(script, ['--otlp-port', '0', '--aws-port', '0']);
    ready = cloud.ready as Ready;
  });
  after(() => {
    cloud.proc.kill('SIGKILL');
  });

  it('prints every port and endpoint in its one JSON ready line, forwarding off by default', () => {
    assert.equal(ready.type, 'ready');
    assert.ok(ready.otlpPort > 0 && ready.awsPort > 0 && ready.otlpPort !== ready.awsPort);
    assert.equal(ready.awsEndpoint, `http://127.0.0.1:${ready.awsPort}`);
    assert.equal(ready.rollbarEndpoint, `http://127.0.0.1:${ready.awsPort}/api/1/item/`);
    assert.deepEqual(ready.forwarding, { otlp: false, rollbar: false, cloudwatchLogs: false });
  });

  it('serves OTLP, CloudWatch Logs and Rollbar side by side', async () => {
    await sendSpans(ready.otlpPort, 'backend-flask', ['home-activities']);
    const client = new CloudWatchLogsClient({ endpoint: ready.awsEndpoint, region: 'ca-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await client.send(new CreateLogGroupCommand({ logGroupName: 'cruddur' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: 'app' }));
    await client.send(new PutLogEventsCommand({ logGroupName: 'cruddur', logStreamName: 'app', logEvents: [{ timestamp: Date.now(), message: 'Hello Cruddur!' }] }));
    client.destroy();
    const item = await http(ready.awsPort, { path: '/api/1/item/', headers: { 'content-type': 'application/json', 'x-rollbar-access-token': 'tok' }, body: JSON.stringify({ data: { environment: 'production', level: 'warning', body: { message: { body: 'Hello World!' } } } }) });
    assert.equal(item.status, 200);

    const spans = (await getJson(ready.otlpPort, '/workshop/spans')).body as { spans: { name: string }[] };
    assert.deepEqual(spans.spans.map((s) => s.name), ['home-activities']);
    const groups = (await getJson(ready.awsPort, '/workshop/logs/groups')).body as { groups: { name: string; streams: { name: string; eventCount: number }[] }[]; capacity: number };
    assert.deepEqual(groups.groups.map((g) => [g.name, g.streams.map((s) => [s.name, s.eventCount])]), [['cruddur', [['app', 1]]]]);
    assert.equal(groups.capacity, 100_000);
    const items = (await getJson(ready.awsPort, '/workshop/rollbar/items')).body as { items: { title: string; level: string }[]; capacity: number };
    assert.deepEqual(items.items.map((i) => [i.title, i.level]), [['Hello World!', 'warning']]);
    assert.equal(items.capacity, 10_000);
    assert.equal((await getJson(ready.awsPort, '/workshop/forward/stats')).status, 200);
    assert.equal((await getJson(ready.awsPort, '/workshop/logs/nope')).status, 404);
  });

  it('tails matching log events live over SSE, and answers the views’ CORS preflight', async () => {
    const client = new CloudWatchLogsClient({ endpoint: ready.awsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const tail = readSse(
      ready.awsPort,
      '/workshop/logs/events/stream?group=cruddur&pattern=ERROR',
      (events) => events.length > 0,
      () => void client.send(new PutLogEventsCommand({ logGroupName: 'cruddur', logStreamName: 'app', logEvents: [{ timestamp: Date.now(), message: 'INFO fine' }, { timestamp: Date.now(), message: 'ERROR boom' }] })),
    );
    const events = await tail;
    client.destroy();
    assert.equal(events[0]?.event, 'logs');
    assert.deepEqual(events[0]?.data.map((e: { message: string }) => e.message), ['ERROR boom']);
    assert.match(events[0]?.id ?? '', /^\d+$/);
    const preflight = await http(ready.awsPort, { method: 'OPTIONS', path: '/workshop/logs/events', headers: { origin: 'http://localhost:4321', 'access-control-request-method': 'GET', 'access-control-request-headers': 'last-event-id' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'http://localhost:4321', 'views grant the loopback page, never *');
    assert.match(String(preflight.headers['access-control-allow-methods']), /GET/);
    assert.equal(preflight.headers['access-control-allow-headers'], 'last-event-id');
    const get = await http(ready.awsPort, { method: 'GET', path: '/workshop/logs/groups', headers: { origin: 'http://localhost:4321' } });
    assert.equal(get.headers['access-control-allow-origin'], 'http://localhost:4321');
    const bad = await http(ready.awsPort, { method: 'GET', path: '/workshop/logs/events?pattern=%7B%20%24.a%20%3D' });
    assert.equal(bad.status, 400);
  });

  it('stops cleanly on SIGTERM', async () => {
    const done = exited(cloud);
    cloud.proc.kill('SIGTERM');
    assert.equal(await done, 0);
  });
});

describe('local cloud AWS port options', () => {
  it('takes the AWS port from WORKSHOP_AWS_PORT, stops on SIGINT, and rejects bad values', async () => {
    const port = await freePort();
    const cloud = await startCloudProcess(script, ['--otlp-port', '0'], { WORKSHOP_AWS_PORT: String(port) });
    assert.equal((cloud.ready as Ready).awsPort, port);
    const done = exited(cloud);
    cloud.proc.kill('SIGINT');
    assert.equal(await done, 0);
    await assert.rejects(startCloudProcess(script, ['--otlp-port', '0', '--aws-port', 'abc']), /exited \(2\)/);
    await assert.rejects(startCloudProcess(script, ['--otlp-port', '0', '--aws-port', '0', '--log-capacity', '0']), /exited \(2\)/);
  });

  it('falls back to a free port when the default 4566 is busy, but fails when an explicit port is', async () => {
    // Hold 4566 ourselves: other test files may use it briefly, so retry until this test owns it.
    const blocker = createServer();
    for (let attempt = 0; ; attempt++) {
      const held = await new Promise<boolean>((resolve) => {
        blocker.once('error', () => resolve(false));
        blocker.listen(4566, '127.0.0.1', () => resolve(true));
      });
      if (held) break;
      if (attempt > 50) throw new Error('port 4566 stayed busy for 10 s; cannot test the fallback');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    try {
      const cloud = await startCloudProcess(script, ['--otlp-port', '0'], { WORKSHOP_AWS_PORT: '' });
      const ready = cloud.ready as Ready;
      assert.notEqual(ready.awsPort, 4566);
      assert.ok(ready.awsPort > 0);
      assert.match(cloud.stderr(), /4566 is in use/);
      const done = exited(cloud);
      cloud.proc.kill('SIGTERM');
      await done;
      // A cloud that wrongly starts must not outlive the test (it would keep the test file from ending).
      const explicit = startCloudProcess(script, ['--otlp-port', '0', '--aws-port', '4566']).then((started) => {
        started.proc.kill('SIGTERM');
        return started;
      });
      await assert.rejects(explicit, /exited \(1\).*EADDRINUSE/s);
    } finally {
      blocker.close();
    }
  });
});
