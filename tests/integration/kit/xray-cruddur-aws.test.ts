/**
 * cruddur-aws, the local stand-in for the AWS CLI (for WebContainer, where `aws` cannot be installed): the same
 * xray commands as the bootcamp's, JSON printed like the AWS CLI, and clear errors with the AWS CLI's exit codes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/kit/cli/cruddur-aws.ts';
import { formatDatagram } from '../../../src/kit/xray/datagram.ts';
import { fixtureDir, httpCall, newSegmentId, newTraceId, repoRoot, startLocalXray, type LocalXray } from '../../fixtures/kit/xray/harness.ts';

describe('cruddur-aws xray', () => {
  let xray: LocalXray;

  before(async () => {
    xray = await startLocalXray();
  });
  after(() => xray?.close());

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { AWS_ENDPOINT_URL: `http://127.0.0.1:${xray.apiPort}`, AWS_REGION: 'ca-central-1' }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  async function json(...args: string[]): Promise<Record<string, unknown>> {
    const result = await cli(...args);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
  }

  it('runs the bootcamp commands', async () => {
    const group = (await json('xray', 'create-group', '--group-name', 'Cruddur', '--filter-expression', 'service("backend-flask") {fault OR error}'))['Group'] as Record<string, unknown>;
    assert.equal(group['GroupName'], 'Cruddur');
    assert.match(String(group['GroupARN']), /:ca-central-1:/);
    const created = await json('xray', 'create-sampling-rule', '--cli-input-json', `file://${join(fixtureDir, 'xray.json')}`);
    const record = created['SamplingRuleRecord'] as { SamplingRule: { RuleName: string; Attributes: object }; CreatedAt: string };
    assert.equal(record.SamplingRule.RuleName, 'Cruddur');
    // Timestamps print as ISO 8601 like the AWS CLI v2.
    assert.match(record.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    const rules = (await json('xray', 'get-sampling-rules'))['SamplingRuleRecords'] as { SamplingRule: { RuleName: string } }[];
    assert.deepEqual(rules.map((r) => r.SamplingRule.RuleName), ['Cruddur', 'Default']);
    await json('xray', 'update-sampling-rule', '--sampling-rule-update', '{"RuleName":"Cruddur","ReservoirSize":2}');
    assert.equal(xray.ruleStore.get({ RuleName: 'Cruddur' })?.SamplingRule.ReservoirSize, 2);
    const inline = await json('xray', 'create-sampling-rule', '--sampling-rule', JSON.stringify({ RuleName: 'inline', ResourceARN: '*', Priority: 1, FixedRate: 1, ReservoirSize: 0, ServiceName: '*', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '/api/*', Version: 1 }));
    assert.ok(inline['SamplingRuleRecord']);
    await json('xray', 'delete-sampling-rule', '--rule-name', 'inline');
    const groups = (await json('xray', 'get-groups'))['Groups'] as { GroupName: string }[];
    assert.deepEqual(groups.map((g) => g.GroupName), ['Default', 'Cruddur']);
  });

  it('reads traces: get-service-graph, get-trace-summaries, batch-get-traces', async () => {
    const now = Date.now() / 1000;
    const traceId = newTraceId();
    const doc = { name: 'backend-flask', id: newSegmentId(), trace_id: traceId, start_time: now - 0.1, end_time: now, fault: true, http: { request: { method: 'GET', url: 'http://localhost:4567/api/activities/home' }, response: { status: 500 } } };
    assert.equal((await httpCall(xray.daemon.tcpPort, 'POST', '/workshop/segments', formatDatagram(doc))).status, 202);
    const epoch = Math.floor(now);
    const graph = await json('xray', 'get-service-graph', '--start-time', String(epoch - 600), '--end-time', String(epoch + 10), '--group-name', 'Cruddur');
    assert.ok((graph['Services'] as { Name: string }[]).some((s) => s.Name === 'backend-flask'));
    assert.match(String(graph['StartTime']), /\+00:00$/);
    const summaries = (await json('xray', 'get-trace-summaries', '--start-time', new Date((epoch - 600) * 1000).toISOString(), '--end-time', String(epoch + 10), '--filter-expression', 'http.status = 500'))['TraceSummaries'] as { Id: string }[];
    assert.deepEqual(summaries.map((s) => s.Id), [traceId]);
    const traces = (await json('xray', 'batch-get-traces', '--trace-ids', traceId))['Traces'] as { Segments: { Document: string }[] }[];
    assert.equal((JSON.parse(traces[0]?.Segments[0]?.Document ?? '{}') as { fault: boolean }).fault, true);
  });

  it('fails clearly on unknown commands, unknown flags, missing arguments and service errors', async () => {
    const unknownService = await cli('s3', 'ls');
    assert.equal(unknownService.code, 252);
    assert.match(unknownService.stderr, /Invalid choice "s3".*xray/s);
    const unknownCommand = await cli('xray', 'get-insights');
    assert.equal(unknownCommand.code, 252);
    assert.match(unknownCommand.stderr, /Invalid choice "get-insights"/);
    const unknownFlag = await cli('xray', 'get-groups', '--colour', 'red');
    assert.equal(unknownFlag.code, 252);
    assert.match(unknownFlag.stderr, /Unknown options: --colour/);
    const missing = await cli('xray', 'get-service-graph', '--start-time', '1');
    assert.equal(missing.code, 252);
    assert.match(missing.stderr, /the following arguments are required: --end-time/);
    const badJson = await cli('xray', 'create-sampling-rule', '--sampling-rule', '{nope');
    assert.equal(badJson.code, 252);
    const serviceError = await cli('xray', 'create-group', '--group-name', 'Cruddur');
    assert.equal(serviceError.code, 254);
    assert.match(serviceError.stderr, /^An error occurred \(InvalidRequestException\) when calling the CreateGroup operation: /);
    const badFilter = await cli('xray', 'get-trace-summaries', '--start-time', '1', '--end-time', '2', '--filter-expression', 'fault AND');
    assert.equal(badFilter.code, 254);
    assert.match(badFilter.stderr, /Invalid filter expression/);
    const offline = await runCli(['xray', 'get-groups', '--endpoint-url', 'http://127.0.0.1:1'], {}, { stdout: () => {}, stderr: () => {} });
    assert.equal(offline, 255);
  });

  it('runs as a command (node src/kit/cli/cruddur-aws.ts) with the exit code of the AWS CLI', async () => {
    // Asynchronously: the API answering it lives in this process.
    const command = (args: string[], env: Record<string, string>) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(repoRoot, 'src/kit/cli/cruddur-aws.ts'), ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const run = await command(['xray', 'get-groups'], { AWS_ENDPOINT_URL: `http://127.0.0.1:${xray.apiPort}` });
    assert.equal(run.status, 0, run.stderr);
    assert.ok((JSON.parse(run.stdout) as { Groups: unknown[] }).Groups.length >= 1);
    assert.match(run.stdout, /^\{\n {4}"Groups"/);
    const help = await command(['xray', 'help'], {});
    assert.equal(help.status, 0);
    assert.match(help.stdout, /local stand-in for `aws xray`/);
    const usage = await command([], {});
    assert.equal(usage.status, 252);
  });
});
