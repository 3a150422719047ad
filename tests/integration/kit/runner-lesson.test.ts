/**
 * The first lesson's real checks (lessons/01-honeycomb/01-home-activities-span/checks.ts), run by the runner from
 * source against fixture apps: the solved step passes fast; each typical mistake fails the right check with the
 * right reason, evidence and hint.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lessonChecks, median, rootOf, runRunner } from '../../fixtures/kit/run-runner.ts';

const run = (variant: string, attempt?: number) => runRunner({ module: lessonChecks, root: rootOf(variant), ...(attempt === undefined ? {} : { attempt }) });

describe('lesson 01-honeycomb/01-home-activities-span', () => {
  it('passes every check on a correct app, well under 2 s, printing only JSON lines', async () => {
    const walls: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await run('good');
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(result.done && { passed: result.done.passed, failed: result.done.failed, optionalFailed: result.done.optionalFailed, waiting: result.done.waiting }, { passed: 5, failed: 0, optionalFailed: 0, waiting: 0 });
      for (const line of result.stdout.trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), line);
      assert.deepEqual(result.lines.map((l) => l.type).slice(0, 3), ['plan', 'waiting', 'check']);
      walls.push(result.wallMs);
      runs.push(result.done?.durationMs ?? 0);
    }
    assert.ok(median(runs) < 2000, `median run ${median(runs)} ms`);
    console.log(`good app, runner from source: median run ${median(runs)} ms, median wall ${median(walls)} ms (${runs.join(', ')})`);
  });

  it('passes with the OTLP/JSON exporter too', async () => {
    const result = await run('good-json');
    assert.equal(result.done?.failed, 0, JSON.stringify([...result.checks.values()].map((c) => c.failure)));
    assert.equal(result.done?.passed, 5);
  });

  it('fails "exports-spans" on an app without tracing, with the hint to create tracing.js, and holds the rest', async () => {
    const result = await run('no-tracing');
    assert.equal(result.checks.get('home-still-works')?.status, 'passed');
    const exports = result.checks.get('exports-spans');
    assert.equal(exports?.status, 'failed');
    assert.deepEqual(exports?.failure?.kind, 'learner');
    assert.equal(exports?.failure?.reason, 'no-spans');
    assert.match(exports?.hint ?? '', /no backend\/tracing\.js yet/);
    for (const id of ['span-named', 'span-attributes', 'span-in-request']) assert.equal(result.checks.get(id)?.status, 'waiting', id);
    assert.equal(result.done?.failed, 1);
  });

  it('picks a hint from the source when tracing.js exists but is never required', async () => {
    const result = await run('tracing-not-required');
    assert.match(result.checks.get('exports-spans')?.hint ?? '', /app\.js never loads it/);
  });

  it('reports a typo in the span name with the nearest span and its diff', async () => {
    const result = await run('typo');
    const named = result.checks.get('span-named');
    assert.equal(named?.status, 'failed');
    assert.equal(named?.failure?.reason, 'span-name-typo');
    assert.equal(named?.evidence.nearest?.name, 'home-activites-mock-data');
    assert.deepEqual(named?.evidence.diff, [{ field: 'name', problem: 'typo', expected: '"home-activities-mock-data"', actual: 'home-activites-mock-data' }]);
    assert.match(named?.hint ?? '', /letter by letter/);
    assert.ok(named?.evidence.observed?.some((s) => s.kind === 'server'), 'observed spans are shown');
  });

  it('reports app.result_length sent as a string', async () => {
    const result = await run('string-length');
    const attrs = result.checks.get('span-attributes');
    assert.equal(attrs?.failure?.reason, 'result-length-string');
    assert.deepEqual(attrs?.evidence.diff, [{ field: 'attributes.app.result_length', problem: 'wrong-type', expected: '3', actual: '3' }]);
    assert.equal(result.checks.get('span-named')?.status, 'passed');
  });

  it('fails the request-trace check (required) when the span is not inside a server span', async () => {
    const result = await run('no-parent');
    const inRequest = result.checks.get('span-in-request');
    assert.equal(inRequest?.optional, false);
    assert.equal(inRequest?.failure?.reason, 'span-is-root');
    assert.deepEqual(result.done && [result.done.passed, result.done.failed, result.done.optionalFailed], [4, 1, 0]);
  });
});
