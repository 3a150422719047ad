/**
 * The REAL AWS CLI v2 (Debian's /usr/bin/aws, never the pyenv v1 shim on PATH) against the local X-Ray API, with
 * the bootcamp's own commands: create-group Cruddur, create-sampling-rule --cli-input-json file://xray.json,
 * get-sampling-rules, get-service-graph, get-trace-summaries, batch-get-traces. CI installs awscli; a machine
 * without it fails here with a message saying so rather than skipping.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatDatagram } from '../../../src/kit/xray/datagram.ts';
import { fixtureDir, newSegmentId, newTraceId, startLocalXray, waitFor, type LocalXray } from '../../fixtures/kit/xray/harness.ts';

const awsCli = '/usr/bin/aws';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('AWS CLI v2 against the local X-Ray API', () => {
  let xray: LocalXray;
  let home: string;

  before(async () => {
    assert.ok(existsSync(awsCli), `The AWS CLI v2 is missing at ${awsCli}: install it with \`apt-get install -y awscli\` (CI does this in .ci/run).`);
    xray = await startLocalXray();
    home = mkdtempSync(join(tmpdir(), 'xray-cli-'));
  });
  after(async () => {
    await xray?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function aws(...args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(awsCli, ['--endpoint-url', `http://127.0.0.1:${xray.apiPort}`, '--region', 'ca-central-1', '--output', 'json', ...args], {
        cwd: fixtureDir,
        env: {
          PATH: '/usr/bin:/bin',
          HOME: home,
          AWS_ACCESS_KEY_ID: 'AKIDWORKSHOPTEST',
          AWS_SECRET_ACCESS_KEY: 'workshop-test-secret',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  async function awsJson(...args: string[]): Promise<Record<string, unknown>> {
    const result = await aws(...args);
    assert.equal(result.code, 0, `aws ${args.join(' ')} failed:\n${result.stderr}`);
    // An empty reply ({}) prints nothing, as with delete-group.
    return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
  }

  it('creates the Cruddur group with the bootcamp filter, lists it, and refuses a duplicate', async () => {
    const created = await awsJson('xray', 'create-group', '--group-name', 'Cruddur', '--filter-expression', 'service("backend-flask") {fault OR error}');
    const group = created['Group'] as Record<string, unknown>;
    assert.equal(group['GroupName'], 'Cruddur');
    assert.equal(group['FilterExpression'], 'service("backend-flask") {fault OR error}');
    assert.match(String(group['GroupARN']), /^arn:aws:xray:ca-central-1:\d{12}:group\/Cruddur\//);
    const groups = (await awsJson('xray', 'get-groups'))['Groups'] as { GroupName: string }[];
    assert.deepEqual(groups.map((g) => g.GroupName).sort(), ['Cruddur', 'Default']);
    const duplicate = await aws('xray', 'create-group', '--group-name', 'Cruddur');
    assert.notEqual(duplicate.code, 0);
    assert.match(duplicate.stderr, /InvalidRequestException/);
    const bad = await aws('xray', 'create-group', '--group-name', 'Broken', '--filter-expression', 'service("backend-flask" {fault');
    assert.match(bad.stderr, /\(InvalidRequestException\) when calling the CreateGroup operation: Invalid filter expression/);
  });

  it('creates the sampling rule from the bootcamp file and lists it with the Default rule', async () => {
    const created = await awsJson('xray', 'create-sampling-rule', '--cli-input-json', 'file://xray.json');
    const rule = (created['SamplingRuleRecord'] as { SamplingRule: Record<string, unknown> }).SamplingRule;
    assert.equal(rule['RuleName'], 'Cruddur');
    assert.deepEqual(rule['Attributes'], {});
    assert.equal(rule['RuleARN'], 'arn:aws:xray:ca-central-1:000000000000:sampling-rule/Cruddur');
    const records = (await awsJson('xray', 'get-sampling-rules'))['SamplingRuleRecords'] as { SamplingRule: { RuleName: string; FixedRate: number } }[];
    assert.deepEqual(records.map((r) => r.SamplingRule.RuleName), ['Cruddur', 'Default']);
    const again = await aws('xray', 'create-sampling-rule', '--cli-input-json', 'file://xray.json');
    assert.match(again.stderr, /InvalidRequestException/);
    const tooHigh = await aws('xray', 'update-sampling-rule', '--sampling-rule-update', '{"RuleName":"Cruddur","FixedRate":1.5}');
    assert.notEqual(tooHigh.code, 0, 'FixedRate above 1 is refused (by the CLI or the API)');
    await awsJson('xray', 'update-sampling-rule', '--sampling-rule-update', '{"RuleName":"Cruddur","FixedRate":0.5}');
    assert.equal(xray.ruleStore.get({ RuleName: 'Cruddur' })?.SamplingRule.FixedRate, 0.5);
  });

  it('answers get-service-graph, get-trace-summaries and batch-get-traces over received segments', async () => {
    const now = Date.now() / 1000;
    const okTrace = newTraceId();
    const faultTrace = newTraceId();
    const segment = (traceId: string, status: number, extra: Record<string, unknown>) => ({
      name: 'backend-flask',
      id: newSegmentId(),
      trace_id: traceId,
      start_time: now - 0.2,
      end_time: now - 0.1,
      http: { request: { method: 'GET', url: 'http://localhost:4567/api/activities/home' }, response: { status } },
      subsegments: [{ id: newSegmentId(), name: 'activities_home', start_time: now - 0.19, end_time: now - 0.11 }],
      ...extra,
    });
    const socket = createSocket('udp4');
    for (const doc of [segment(okTrace, 200, {}), segment(faultTrace, 500, { fault: true })]) {
      await new Promise<void>((resolve, reject) => socket.send(formatDatagram(doc), xray.daemon.udpPort ?? 0, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    }
    socket.close();
    await waitFor('both traces', () => xray.segmentStore.trace(okTrace) !== undefined && xray.segmentStore.trace(faultTrace) !== undefined);
    // The SDK's other way in: a real daemon (or a script) calling PutTraceSegments.
    const putTrace = newTraceId();
    const put = await awsJson('xray', 'put-trace-segments', '--trace-segment-documents', JSON.stringify(segment(putTrace, 404, { error: true })));
    assert.deepEqual(put['UnprocessedTraceSegments'], []);

    const epoch = Math.floor(now);
    const graph = await awsJson('xray', 'get-service-graph', '--start-time', String(epoch - 600), '--end-time', String(epoch + 60));
    const services = graph['Services'] as { Name: string; Type: string; Root?: boolean; SummaryStatistics?: { TotalCount: number; OkCount: number; FaultStatistics: { TotalCount: number }; ErrorStatistics: { TotalCount: number } } }[];
    const backend = services.find((s) => s.Type !== 'client' && s.Name === 'backend-flask');
    assert.ok(backend, 'a backend-flask node');
    assert.equal(backend.Root, true);
    assert.deepEqual([backend.SummaryStatistics?.TotalCount, backend.SummaryStatistics?.OkCount, backend.SummaryStatistics?.FaultStatistics.TotalCount, backend.SummaryStatistics?.ErrorStatistics.TotalCount], [3, 1, 1, 1]);
    assert.ok(services.some((s) => s.Type === 'client'), 'a client node');

    const grouped = await awsJson('xray', 'get-service-graph', '--start-time', String(epoch - 600), '--end-time', String(epoch + 60), '--group-name', 'Cruddur');
    const groupedBackend = (grouped['Services'] as typeof services).find((s) => s.Type !== 'client');
    assert.equal(groupedBackend?.SummaryStatistics?.TotalCount, 2, 'the Cruddur group keeps only fault OR error traces');

    const all = await awsJson('xray', 'get-trace-summaries', '--start-time', String(epoch - 600), '--end-time', String(epoch + 60));
    assert.equal((all['TraceSummaries'] as unknown[]).length, 3);
    const faults = await awsJson('xray', 'get-trace-summaries', '--start-time', String(epoch - 600), '--end-time', String(epoch + 60), '--filter-expression', 'service("backend-flask") {fault}');
    const summaries = faults['TraceSummaries'] as { Id: string; HasFault: boolean; Http: { HttpStatus: number } }[];
    assert.deepEqual(summaries.map((s) => [s.Id, s.HasFault, s.Http.HttpStatus]), [[faultTrace, true, 500]]);
    const badFilter = await aws('xray', 'get-trace-summaries', '--start-time', String(epoch - 600), '--end-time', String(epoch), '--filter-expression', 'http.status = "500"');
    assert.match(badFilter.stderr, /InvalidRequestException/);

    const traces = await awsJson('xray', 'batch-get-traces', '--trace-ids', okTrace, '1-00000000-000000000000000000000000');
    const found = traces['Traces'] as { Id: string; Segments: { Id: string; Document: string }[] }[];
    assert.equal(found.length, 1);
    assert.equal(found[0]?.Id, okTrace);
    const document = JSON.parse(found[0]?.Segments[0]?.Document ?? '{}') as { name: string; subsegments: { name: string }[] };
    assert.equal(document.name, 'backend-flask');
    assert.equal(document.subsegments[0]?.name, 'activities_home');
    assert.deepEqual(traces['UnprocessedTraceIds'], ['1-00000000-000000000000000000000000']);
  });

  it('deletes the sampling rule and the group', async () => {
    const deleted = await awsJson('xray', 'delete-sampling-rule', '--rule-name', 'Cruddur');
    assert.equal((deleted['SamplingRuleRecord'] as { SamplingRule: { RuleName: string } }).SamplingRule.RuleName, 'Cruddur');
    const defaultRule = await aws('xray', 'delete-sampling-rule', '--rule-name', 'Default');
    assert.match(defaultRule.stderr, /InvalidRequestException/);
    await awsJson('xray', 'delete-group', '--group-name', 'Cruddur');
    const groups = (await awsJson('xray', 'get-groups'))['Groups'] as { GroupName: string }[];
    assert.deepEqual(groups.map((g) => g.GroupName), ['Default']);
  });
});
