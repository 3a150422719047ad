import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapPool } from '../../../src/lessons-tools/pool.ts';
import { runnerEnv, toStateRun } from '../../../src/lessons-tools/run-state.ts';

const lines = (...objects: object[]) => objects.map((o) => JSON.stringify(o)).join('\n');

describe('toStateRun', () => {
  it('keeps the plan, each check outcome and the run time', () => {
    const stdout = lines(
      { type: 'plan', step: 'a/b', attempt: 1, checks: [{ id: 'x', title: 'X', optional: false }, { id: 'y', title: 'Y', optional: true }] },
      { type: 'waiting', id: 'x', title: 'X' },
      { type: 'check', id: 'x', title: 'X', optional: false, status: 'failed', failure: { kind: 'learner', reason: 'no-spans', message: 'none' }, evidence: {}, durationMs: 2500 },
      { type: 'check', id: 'y', title: 'Y', optional: true, status: 'waiting', evidence: {}, durationMs: 0 },
      { type: 'done', passed: 0, failed: 1, optionalFailed: 0, waiting: 1, durationMs: 3000 },
    );
    const run = toStateRun(`${stdout}\n`, '', 0, 3400);
    assert.equal(run.error, undefined);
    assert.deepEqual(run.plan.map((c) => c.id), ['x', 'y']);
    assert.deepEqual(run.checks.get('x'), { status: 'failed', kind: 'learner', reason: 'no-spans', message: 'none', durationMs: 2500 });
    assert.deepEqual(run.checks.get('y'), { status: 'waiting', durationMs: 0 });
    assert.deepEqual([run.runMs, run.wallMs], [3000, 3400]);
  });

  it('marks a run whose runner broke', () => {
    assert.match(toStateRun(lines({ type: 'error', message: 'cannot load checks module' }), '', 2, 100).error ?? '', /cannot load/);
    assert.match(toStateRun('', 'Segmentation fault', null, 100).error ?? '', /no done line; stderr: Segmentation fault/);
    assert.match(toStateRun('', '', null, 1, new Error('ENOENT')).error ?? '', /could not start the runner: ENOENT/);
  });

  it('gives the runner the sandbox environment with this machine\'s node on PATH', () => {
    const env = runnerEnv();
    assert.equal(env['OTEL_SERVICE_NAME'], 'backend-flask');
    assert.ok(env['PATH']?.startsWith(process.execPath.replace(/\/node$/, '')));
    assert.equal(env['AWS_SECRET_ACCESS_KEY'], 'local-workshop', 'never the host\'s credentials');
  });
});

describe('mapPool', () => {
  it('keeps order and never runs more than `jobs` at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapPool([30, 10, 20, 5, 15], 2, async (ms, i) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return i * 10;
    });
    assert.deepEqual(results, [0, 10, 20, 30, 40]);
    assert.equal(peak, 2);
  });
});
