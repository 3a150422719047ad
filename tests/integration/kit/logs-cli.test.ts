/**
 * The CloudWatch Logs stand-in through the REAL AWS CLI v2 (Debian's /usr/bin/aws, called by absolute path: a
 * pyenv v1 shim may shadow `aws` on PATH), with dummy credentials from the environment and no config files.
 * A missing CLI is a failure with instructions, never a skip: the lessons tell learners to run these commands.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startLocalAws, type LocalAws } from '../../fixtures/kit/logs/local-aws.ts';

const awsCli = '/usr/bin/aws';
let local: LocalAws;

before(async () => {
  local = await startLocalAws();
});
after(async () => {
  await local.close();
});

function aws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
  return new Promise((resolve) => {
    execFile(awsCli, [...args, '--endpoint-url', local.url, '--region', 'ca-central-1', '--output', 'json'], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function awsJson(args: string[]): Promise<any> {
  const result = await aws(args);
  assert.equal(result.code, 0, `aws ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim() === '' ? {} : JSON.parse(result.stdout);
}

describe('CloudWatch Logs stand-in with the AWS CLI v2', () => {
  it('finds the AWS CLI v2 at /usr/bin/aws', () => {
    assert.ok(existsSync(awsCli), 'The AWS CLI v2 is missing: install it with `apt-get update && apt-get install -y awscli` (Debian 12 ships v2 as /usr/bin/aws).');
  });

  it('create-log-group cruddur, then describe-log-groups shows it', async () => {
    await awsJson(['logs', 'create-log-group', '--log-group-name', 'cruddur']);
    const described = await awsJson(['logs', 'describe-log-groups']);
    const group = described.logGroups.find((g: { logGroupName: string }) => g.logGroupName === 'cruddur');
    assert.equal(group.arn, 'arn:aws:logs:ca-central-1:000000000000:log-group:cruddur:*');
    const again = await aws(['logs', 'create-log-group', '--log-group-name', 'cruddur']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /An error occurred \(ResourceAlreadyExistsException\) when calling the CreateLogGroup operation: The specified log group already exists/);
  });

  it('put-log-events, get-log-events and filter-log-events --filter-pattern', async () => {
    await awsJson(['logs', 'create-log-stream', '--log-group-name', 'cruddur', '--log-stream-name', 'cli']);
    const now = Date.now();
    const events = [
      { timestamp: now - 2, message: 'Hello Cruddur!' },
      { timestamp: now - 1, message: '[2023-Feb-25 22:03] 172.18.0.1 GET http /api/activities/home? 200 OK' },
      { timestamp: now, message: '{"level":"error","message":"boom"}' },
    ];
    const put = await awsJson(['logs', 'put-log-events', '--log-group-name', 'cruddur', '--log-stream-name', 'cli', '--log-events', JSON.stringify(events)]);
    assert.match(put.nextSequenceToken, /^\d{56}$/);
    const got = await awsJson(['logs', 'get-log-events', '--log-group-name', 'cruddur', '--log-stream-name', 'cli', '--start-from-head']);
    assert.deepEqual(got.events.map((e: { message: string }) => e.message), events.map((e) => e.message));
    const filtered = await awsJson(['logs', 'filter-log-events', '--log-group-name', 'cruddur', '--filter-pattern', '"GET http"']);
    assert.deepEqual(filtered.events.map((e: { message: string }) => e.message), [events[1]?.message]);
    const json = await awsJson(['logs', 'filter-log-events', '--log-group-name', 'cruddur', '--filter-pattern', '{ $.level = "error" }']);
    assert.deepEqual(json.events.map((e: { logStreamName: string }) => e.logStreamName), ['cli']);
    // The CLI paginates filter-log-events by itself: a small page size must still return every event, once.
    const paged = await awsJson(['logs', 'filter-log-events', '--log-group-name', 'cruddur', '--page-size', '1']);
    assert.equal(paged.events.length, 3);
  });

  it('reports a missing group the AWS way', async () => {
    const missing = await aws(['logs', 'get-log-events', '--log-group-name', 'nope', '--log-stream-name', 'cli']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(ResourceNotFoundException\) when calling the GetLogEvents operation: The specified log group does not exist\./);
  });
});
