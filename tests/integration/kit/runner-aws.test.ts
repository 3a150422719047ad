/**
 * The runner's AWS-side receivers with the REAL clients (aws-xray-sdk-express, winston-cloudwatch on
 * @aws-sdk/client-cloudwatch-logs, rollbar; the fixture app loads them from starter-app/node_modules):
 * ctx.segments / ctx.logs / ctx.rollbar see what the fresh app sent, ctx.sessionCloud reads the learner's own
 * session cloud, and the app's telemetry never reaches that session cloud.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { startCloud, type Cloud } from '../../../src/kit/cloud.ts';
import { fixturesDir, rootOf, runRunner, type RunnerRun } from '../../fixtures/kit/run-runner.ts';

const awsStep = join(fixturesDir, 'steps/aws.checks.ts');

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  assert.ok(res.ok, `${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

const appEnv = (awsEndpoint: string): Record<string, string> => ({
  HOME: '/tmp',
  AWS_ENDPOINT_URL: awsEndpoint,
  AWS_REGION: 'ca-central-1',
  AWS_ACCESS_KEY_ID: 'local-workshop',
  AWS_SECRET_ACCESS_KEY: 'local-workshop',
  ROLLBAR_ACCESS_TOKEN: 'local-workshop',
  // The session's own daemon and Rollbar endpoint: the runner must replace both for the app.
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:1',
  ROLLBAR_ENDPOINT: `${awsEndpoint}/api/1/item/`,
});

describe('check runner: X-Ray, CloudWatch Logs, Rollbar and the session cloud', () => {
  let cloud: Cloud;
  let base: string;
  let result: RunnerRun;

  before(async () => {
    cloud = await startCloud({ host: '127.0.0.1', otlpPort: 0, awsPort: 0, xrayPort: 0, capacity: 1000, maxBodyBytes: 1_000_000 });
    base = `http://127.0.0.1:${cloud.awsPort}`;
    // What `aws xray create-sampling-rule --cli-input-json file://aws/json/xray.json` and `aws xray create-group` send.
    await post(base, '/CreateSamplingRule', {
      SamplingRule: { RuleName: 'Cruddur', ResourceARN: '*', Priority: 9000, FixedRate: 0.1, ReservoirSize: 5, ServiceName: 'Cruddur', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1 },
    });
    await post(base, '/CreateGroup', { GroupName: 'Cruddur', FilterExpression: 'service("backend-flask")' });
    result = await runRunner({ module: awsStep, root: rootOf('aws-telemetry'), env: appEnv(base), killAfterMs: 60_000 });
  });
  after(async () => {
    await cloud?.close();
  });

  const check = (id: string) => {
    const line = result.checks.get(id);
    assert.ok(line, `a result for ${id}; stderr: ${result.stderr.slice(-800)}`);
    return line;
  };

  it('finishes with a done line', () => {
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(result.done);
  });

  it('ctx.segments: the express segment with http request/response and the captureFunc subsegment with metadata', () => {
    const line = check('segment');
    assert.equal(line.status, 'passed', JSON.stringify(line.failure));
    const details = line.evidence.details as { status: number; sub: { name: string; metadata: Record<string, Record<string, unknown>> } | null; traceId: string };
    assert.equal(details.status, 200);
    assert.equal(details.sub?.name, 'mock-data');
    assert.deepEqual(details.sub?.metadata, { default: { 'results-size': 3 } });
    assert.match(details.traceId, /^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('ctx.logs: the winston-cloudwatch event with group, stream and message', () => {
    const line = check('log');
    assert.equal(line.status, 'passed', JSON.stringify(line.failure));
    const event = (line.evidence.details as { event: Record<string, unknown> }).event;
    assert.equal(event['logGroupName'], 'cruddur');
    assert.equal(event['logStreamName'], 'backend-flask');
    assert.match(String(event['message']), /HomeActivities/);
    assert.equal(typeof event['timestamp'], 'number');
  });

  it('ctx.rollbar: a warning message and an error from the Express error handler, with the raw data', () => {
    const message = check('rollbar-message');
    assert.equal(message.status, 'passed', JSON.stringify(message.failure));
    const details = message.evidence.details as { level: string; environment: string; body: { message: { body: string } } };
    assert.equal(details.level, 'warning');
    assert.equal(details.environment, 'production');
    assert.equal(details.body.message.body, 'Hello World!');
    const error = check('rollbar-error');
    assert.equal(error.status, 'passed', JSON.stringify(error.failure));
    const errorDetails = error.evidence.details as { title: string; request: { url?: string } | null };
    assert.match(errorDetails.title, /kaboom from the fixture/);
    assert.match(errorDetails.request?.url ?? '', /\/boom$/);
  });

  it('ctx.sessionCloud: reads the rule and the group from the session cloud while the app used the run\'s own endpoint', () => {
    const rules = check('session-rules');
    assert.equal(rules.status, 'passed', JSON.stringify(rules.failure));
    const details = rules.evidence.details as { rule: { FixedRate: number; ReservoirSize: number }; appEndpoint: string; session: string };
    assert.equal(details.rule.FixedRate, 0.1);
    assert.equal(details.rule.ReservoirSize, 5);
    assert.equal(details.session, `${base}/`);
    assert.notEqual(new URL(details.appEndpoint).port, String(cloud.awsPort));
    assert.equal(check('session-groups').status, 'passed');
  });

  it('a wait on an app that exits ends early with app-exited', () => {
    const line = check('exit-ends-wait');
    assert.equal(line.status, 'failed');
    assert.equal(line.failure?.reason, 'app-exited');
    assert.ok(line.durationMs < 4000, `ended after ${line.durationMs} ms, before its 5 s wait`);
  });

  it('nothing the fresh app sent reached the session cloud', async () => {
    const now = Date.now() / 1000;
    const summaries = await post(base, '/TraceSummaries', { StartTime: now - 600, EndTime: now + 60 });
    assert.deepEqual(summaries['TraceSummaries'], []);
    const groups = await post(base, '/', {}, { 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-type': 'application/x-amz-json-1.1' });
    assert.deepEqual(groups['logGroups'], []);
    const items = (await (await fetch(`${base}/workshop/rollbar/items`)).json()) as { items: unknown[] };
    assert.deepEqual(items.items, []);
  });
});

describe('check runner: an unreachable session cloud', () => {
  it('fails sessionCloud checks as the environment\'s problem, not the learner\'s', async () => {
    // Port 1 on loopback: nothing listens there.
    const result = await runRunner({ module: awsStep, root: rootOf('aws-telemetry'), env: appEnv('http://127.0.0.1:1'), killAfterMs: 60_000 });
    const line = result.checks.get('session-rules');
    assert.equal(line?.status, 'failed');
    assert.deepEqual(line?.failure && [line.failure.kind, line.failure.reason], ['environment', 'session-cloud-unreachable']);
    assert.equal(line?.hint, undefined);
    // The run's own receivers do not depend on the session cloud.
    assert.equal(result.checks.get('segment')?.status, 'passed');
  });
});
