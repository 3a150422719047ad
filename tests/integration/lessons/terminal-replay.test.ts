/**
 * lessons:test's session cloud and terminal replay (src/lessons-tools/session-cloud.ts): a fresh cloud per run,
 * the step's `aws ...` commands run against it through the workshop's CLI stand-in, a refused command kept as
 * part of the state, a command that cannot run reported.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { replayTerminal, startSessionCloud, type SessionCloud } from '../../../src/lessons-tools/session-cloud.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const rule = (fixedRate: number) => JSON.stringify({ SamplingRule: { RuleName: 'Cruddur', ResourceARN: '*', Priority: 9000, FixedRate: fixedRate, ReservoirSize: 5, ServiceName: 'backend-flask', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1 } });

describe('lessons:test terminal replay', () => {
  let dir: string;
  let session: SessionCloud;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'terminal-replay-'));
    // The sandbox's bundled CLI, here run from source.
    mkdirSync(join(dir, '.workshop/kit'), { recursive: true });
    const cli = pathToFileURL(join(repoRoot, 'src/kit/cli/cruddur-aws.ts')).href;
    writeFileSync(join(dir, '.workshop/kit/cruddur-aws.mjs'), `import { runCli } from ${JSON.stringify(cli)};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`);
    mkdirSync(join(dir, 'aws/json'), { recursive: true });
    writeFileSync(join(dir, 'aws/json/xray.json'), rule(0.1));
    writeFileSync(join(dir, 'aws/json/bad.json'), rule(10));
    session = await startSessionCloud();
  });
  after(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rules = async (): Promise<string[]> => {
    const res = await fetch(`${session.env['AWS_ENDPOINT_URL']}/GetSamplingRules`, { method: 'POST', body: '{}' });
    const body = (await res.json()) as { SamplingRuleRecords: { SamplingRule: { RuleName: string; FixedRate: number } }[] };
    return body.SamplingRuleRecords.map((r) => `${r.SamplingRule.RuleName} ${r.SamplingRule.FixedRate}`);
  };
  const env = () => ({ PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', AWS_REGION: 'ca-central-1', ...session.env });

  it('a command the API refuses is kept as the state (nothing created), not an error', async () => {
    assert.equal(await replayTerminal(dir, ['aws xray create-sampling-rule --cli-input-json file://aws/json/bad.json'], env()), undefined);
    assert.deepEqual(await rules(), ['Default 0.05']);
  });

  it('replays aws commands in the sandbox folder against the session cloud', async () => {
    const problem = await replayTerminal(dir, ['aws xray create-sampling-rule --cli-input-json file://aws/json/xray.json', 'aws xray create-group --group-name "Cruddur" --filter-expression "service(\\"backend-flask\\")"'], env());
    assert.equal(problem, undefined);
    assert.deepEqual(await rules(), ['Cruddur 0.1', 'Default 0.05']);
    const groups = await fetch(`${session.env['AWS_ENDPOINT_URL']}/Groups`, { method: 'POST', body: '{}' });
    const names = ((await groups.json()) as { Groups: { GroupName: string; FilterExpression?: string }[] }).Groups.map((g) => [g.GroupName, g.FilterExpression ?? null]);
    assert.deepEqual(names, [['Default', null], ['Cruddur', 'service("backend-flask")']]);
  });

  it('a command that cannot run makes the state unusable, with the command named', async () => {
    const problem = await replayTerminal(dir, ['no-such-command-anywhere --flag'], env());
    assert.match(problem ?? '', /could not run \(not found\): no-such-command-anywhere/);
  });
});
