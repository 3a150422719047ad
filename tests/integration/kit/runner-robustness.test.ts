/**
 * The runner against apps (and checks) that misbehave: each gives a clear failure of the right kind within its
 * deadline, the app's process group is killed, and the runner exits 0 with a `done` line.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { baseEnv, basicStep, brokenChecksStep, fixturesDir, rootOf, runRunner, sourceRunner, type RunnerRun } from '../../fixtures/kit/run-runner.ts';

const run = (variant: string, attempt?: number) => runRunner({ module: basicStep, root: rootOf(variant), ...(attempt === undefined ? {} : { attempt }) });

/**
 * The run ended on its own deadlines, well before the runner's 60 s watchdog would have cut it off. Not a speed
 * limit (a loaded CI machine is slow): a run that hung would take the watchdog's full minute.
 */
const endedBeforeWatchdogMs = 45_000;

function assertFinished(result: RunnerRun): void {
  assert.equal(result.exitCode, 0, result.stderr);
  assert.ok(result.done !== undefined, 'a done line');
  assert.ok(result.wallMs < endedBeforeWatchdogMs, `finished in ${result.wallMs} ms, so something waited for the watchdog`);
}

/** No process from a fixture app may outlive the run: none may still have its backend folder as working directory. */
function assertNoLeftovers(variant: string): void {
  const backend = join(rootOf(variant), 'backend');
  const leftovers: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === backend) leftovers.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
    } catch {
      // gone already, or not ours to read
    }
  }
  assert.deepEqual(leftovers, [], 'leftover app processes');
}

describe('check runner robustness', () => {
  it('passes the fixture step on a correct app', async () => {
    const result = await run('good');
    assertFinished(result);
    assert.deepEqual([...result.checks.values()].map((c) => c.status), ['passed', 'passed', 'passed']);
  });

  it('gives hints by attempt for a learner failure and holds dependent checks', async () => {
    // The typo app requires tracing, so pickHint leaves the reason's own (attempt-indexed) hint.
    const first = await run('typo', 1);
    const second = await run('typo', 2);
    assert.equal(first.checks.get('home-span')?.failure?.reason, 'no-span');
    assert.equal(first.checks.get('home-span')?.hint, 'first no-span hint');
    assert.equal(second.checks.get('home-span')?.hint, 'second no-span hint');
    assert.equal(first.checks.get('span-attrs')?.status, 'waiting');
    assert.match(first.checks.get('span-attrs')?.message ?? '', /Waiting for/);
  });

  it('lets pickHint choose a hint from the source text', async () => {
    const result = await run('no-tracing');
    assert.equal(result.checks.get('home-span')?.failure?.reason, 'no-span');
    assert.equal(result.checks.get('home-span')?.hint, 'require ./tracing first');
  });

  it('an app that crashes at start: learner failure with its output and the step hint', async () => {
    const result = await run('crash');
    assertFinished(result);
    for (const check of result.checks.values()) {
      assert.equal(check.status, 'failed');
      assert.deepEqual(check.failure && [check.failure.kind, check.failure.reason], ['learner', 'app-crashed']);
      assert.match(check.evidence.appOutput ?? '', /undefinedVariable is not defined/);
      assert.equal(check.hint, 'step-level crash hint');
    }
  });

  it('an app that requires a missing module: module-not-found with the runner hint', async () => {
    const result = await run('missing-module');
    assertFinished(result);
    const check = result.checks.get('home-answers');
    assert.equal(check?.failure?.reason, 'module-not-found');
    assert.match(check?.hint ?? '', /could not find a module/);
  });

  it('an app that never listens: timeout failure after the ready deadline, app killed', async () => {
    const result = await run('never-listens');
    assertFinished(result);
    const check = result.checks.get('home-answers');
    assert.deepEqual(check?.failure && [check.failure.kind, check.failure.reason], ['timeout', 'never-listened']);
    assert.match(check?.failure?.message ?? '', /process\.env\.PORT/);
    assert.equal(check?.hint, undefined, 'only learner failures get hints');
    assert.match(check?.evidence.appOutput ?? '', /starting up/);
    assertNoLeftovers('never-listens');
  });

  it('a handler that never answers: request-timeout learner failure', async () => {
    const result = await run('hangs');
    assertFinished(result);
    assert.deepEqual(result.checks.get('home-answers')?.failure && [result.checks.get('home-answers')?.failure?.kind, result.checks.get('home-answers')?.failure?.reason], ['learner', 'request-timeout']);
    assert.equal(result.checks.get('home-span')?.failure?.reason, 'request-timeout');
    assert.match(result.checks.get('home-answers')?.hint ?? '', /never got an answer/);
    assertNoLeftovers('hangs');
  });

  it('a handler stuck in an infinite loop: request-timeout, and the spinning app is killed', async () => {
    const result = await run('loops');
    assertFinished(result);
    assert.equal(result.checks.get('home-answers')?.failure?.reason, 'request-timeout');
    assertNoLeftovers('loops');
  });

  it('an app that exits after the first request: app-exited learner failure', async () => {
    const result = await run('exits-after-first');
    assertFinished(result);
    assert.equal(result.checks.get('home-answers')?.status, 'passed');
    const span = result.checks.get('home-span');
    assert.deepEqual(span?.failure && [span.failure.kind, span.failure.reason], ['learner', 'app-exited']);
    assert.match(span?.hint ?? '', /stopped while the checks were talking to it/);
  });

  it('an app that floods telemetry: telemetry-flood learner failure, runner stays responsive', async () => {
    const result = await run('flood');
    assertFinished(result);
    const span = result.checks.get('home-span');
    assert.deepEqual(span?.failure && [span.failure.kind, span.failure.reason], ['learner', 'telemetry-flood']);
    assert.match(span?.failure?.message ?? '', /"loop-span" ×\d+/);
    assertNoLeftovers('flood');
  });

  it('contains broken checks: checker error, check timeout, environment failure; stdout stays JSON', async () => {
    const result = await runRunner({ module: brokenChecksStep, root: rootOf('good') });
    assertFinished(result);
    const kinds = Object.fromEntries([...result.checks.values()].map((c) => [c.id, [c.status, c.failure?.kind, c.failure?.reason, c.hint]]));
    assert.deepEqual(kinds, {
      throws: ['failed', 'checker', 'checker-error', undefined],
      'never-returns': ['failed', 'timeout', 'check-timeout', undefined],
      environment: ['failed', 'environment', 'no-thing', undefined],
      'after-broken': ['passed', undefined, undefined, undefined],
    });
    // Cut off at its own deadline, not at the end of the run.
    assert.ok((result.checks.get('never-returns')?.durationMs ?? 0) < 10_000);
    for (const line of result.stdout.trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), line);
    assert.match(result.stderr, /must not reach stdout/);
  });

  it('takes the app down with it when the runner itself is stopped', async () => {
    const runner = spawn(process.execPath, [sourceRunner, basicStep], { cwd: rootOf('hangs'), env: { ...process.env, ...baseEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => {
      let out = '';
      runner.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('"type":"waiting"')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => runner.once('exit', (code) => resolve(code)));
    runner.kill('SIGTERM');
    assert.equal(await exited, 143);
    assertNoLeftovers('hangs');
  });

  it('leaves no orphan even when the runner is killed with SIGKILL (the preload guard)', async () => {
    const runner = spawn(process.execPath, [sourceRunner, basicStep], { cwd: rootOf('hangs'), env: { ...process.env, ...baseEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => {
      let out = '';
      runner.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('"type":"waiting"')) resolve();
      });
    });
    runner.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assertNoLeftovers('hangs');
  });

  it('reports a missing app folder as an environment failure', async () => {
    const result = await runRunner({ module: basicStep, root: fixturesDir });
    assertFinished(result);
    assert.deepEqual(result.checks.get('home-answers')?.failure && [result.checks.get('home-answers')?.failure?.kind, result.checks.get('home-answers')?.failure?.reason], ['environment', 'app-folder-missing']);
  });

  it('exits 2 with an error line when the checks module is unusable', async () => {
    const missing = await runRunner({ module: 'nowhere/checks.ts', root: rootOf('good') });
    assert.equal(missing.exitCode, 2);
    assert.equal(missing.lines[0]?.type, 'error');
    const notChecks = await runRunner({ module: `${fixturesDir}/otlp-samples.ts`, root: rootOf('good') });
    assert.equal(notChecks.exitCode, 2);
    assert.match(notChecks.lines[0]?.type === 'error' ? notChecks.lines[0].message : '', /defineChecks/);
  });
});
