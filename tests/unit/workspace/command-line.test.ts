import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALLOWED_COMMANDS, AWS_STAND_IN, helpText, planCommandLine } from '../../../src/workspace/command-line.ts';

describe('planCommandLine', () => {
  test('aws runs the local AWS CLI stand-in with the same arguments', () => {
    const plan = planCommandLine('aws xray create-group --group-name "Cruddur" --filter-expression "service(\\"backend-flask\\")"');
    assert.deepEqual(plan, {
      kind: 'spawn',
      command: 'node',
      args: [AWS_STAND_IN, 'xray', 'create-group', '--group-name', 'Cruddur', '--filter-expression', 'service("backend-flask")'],
      words: ['aws', 'xray', 'create-group', '--group-name', 'Cruddur', '--filter-expression', 'service("backend-flask")'],
    });
    assert.equal(AWS_STAND_IN, '.workshop/kit/cruddur-aws.mjs', 'the path startSession mounts the kit at (sandbox-session.ts)');
  });

  test('allowed commands run as typed, without a shell', () => {
    assert.deepEqual(planCommandLine('node -e "console.log(1)"'), { kind: 'spawn', command: 'node', args: ['-e', 'console.log(1)'], words: ['node', '-e', 'console.log(1)'] });
    assert.deepEqual(planCommandLine('  ls backend '), { kind: 'spawn', command: 'ls', args: ['backend'], words: ['ls', 'backend'] });
    for (const name of Object.keys(ALLOWED_COMMANDS)) assert.equal(planCommandLine(name).kind, 'spawn');
  });

  test('anything else is refused, naming the allow-list and why', () => {
    for (const line of ['curl http://localhost:4567', 'bash -c ls', './run.sh', '/bin/sh', 'rm -rf backend', 'python3 app.py']) {
      const plan = planCommandLine(line);
      assert.equal(plan.kind, 'error', line);
      assert.match(plan.kind === 'error' ? plan.message : '', /is not available here\. This command line runs only aws, node, npm, ls, cat, pwd, echo .*local sandbox.*real processes/);
    }
  });

  test('shell syntax errors become messages, blank lines do nothing', () => {
    const plan = planCommandLine('aws xray get-groups | head');
    assert.equal(plan.kind, 'error');
    assert.match(plan.kind === 'error' ? plan.message : '', /Pipes/);
    assert.deepEqual(planCommandLine('   '), { kind: 'empty' });
    assert.deepEqual(planCommandLine('# only a comment'), { kind: 'empty' });
  });

  test('help is answered by the command line itself and lists every command', () => {
    assert.deepEqual(planCommandLine('help'), { kind: 'built-in', name: 'help' });
    for (const name of Object.keys(ALLOWED_COMMANDS)) assert.match(helpText(), new RegExp(`^  ${name} `, 'm'));
    assert.equal(planCommandLine('help me').kind, 'error', 'help takes no arguments, and "help me" is not a command');
    assert.equal(planCommandLine('constructor').kind, 'error', 'object prototype names are not commands');
  });
});
