import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStep } from '../../../src/lessons-tools/matrix-text.ts';
import type { CheckRun, StateRun } from '../../../src/lessons-tools/run-state.ts';
import { judgeStep, median, type StateExpectation, type StateRuns } from '../../../src/lessons-tools/verdicts.ts';

const plan = [
  { id: 'works', title: 'works', optional: false },
  { id: 'spans', title: 'spans', optional: false },
  { id: 'named', title: 'named', optional: false },
  { id: 'nested', title: 'nested', optional: true },
];

type Short = 'P' | 'W' | `F:${string}` | `E:${string}`;

/** One run from a compact spec: P passed, W waiting, F:reason learner failure, E:reason checker failure. */
function run(statuses: Record<string, Short>, error?: string): StateRun {
  const checks = new Map<string, CheckRun>();
  for (const [id, s] of Object.entries(statuses)) {
    if (s === 'P') checks.set(id, { status: 'passed', durationMs: 10 });
    else if (s === 'W') checks.set(id, { status: 'waiting', durationMs: 0 });
    else checks.set(id, { status: 'failed', kind: s.startsWith('E:') ? 'checker' : 'learner', reason: s.slice(2), message: 'm', durationMs: 20 });
  }
  const result: StateRun = { plan, checks, runMs: 1000, wallMs: 1200 };
  if (error !== undefined) result.error = error;
  return result;
}

const good = { works: 'P', spans: 'P', named: 'P', nested: 'P' } as const;
const start = { works: 'P', spans: 'F:no-spans', named: 'W', nested: 'W' } as const;
const typo = { works: 'P', spans: 'P', named: 'F:typo', nested: 'W' } as const;
const broken = { works: 'F:home-status', spans: 'P', named: 'P', nested: 'P' } as const;

function state(expectation: StateExpectation, ...runs: StateRun[]): StateRuns {
  return { expectation, runs };
}

/** A step whose start and variants trip every required check, and whose solution passes. */
function healthy(): StateRuns[] {
  return [
    state({ kind: 'start', name: 'start' }, run(start), run(start)),
    state({ kind: 'variant', name: 'typo', fails: ['named', 'nested'], reasons: { named: 'typo' } }, run(typo), run(typo)),
    state({ kind: 'variant', name: 'broken', fails: ['works'] }, run(broken), run(broken)),
    state({ kind: 'solution', name: 'solution', fails: [] }, run(good), run(good)),
  ];
}

const kinds = (states: StateRuns[]) => judgeStep('s', states).problems.map((p) => `${p.kind} ${p.state ?? '-'} ${p.check ?? '-'}`);

describe('judgeStep', () => {
  it('accepts a step that holds', () => {
    const verdict = judgeStep('s', healthy());
    assert.deepEqual(verdict.problems, []);
    assert.deepEqual(verdict.rows.map((r) => r.cells.map((c) => c.symbols[0]).join('')), ['✓✗··', '✓✓✗·', '✗✓✓✓', '✓✓✓✓']);
  });

  it('reports a variant that passes a declared check, and one that fails an undeclared one', () => {
    const states = healthy();
    states[1] = state({ kind: 'variant', name: 'typo', fails: ['named', 'nested', 'works'] }, run(typo), run(typo));
    states[2] = state({ kind: 'variant', name: 'broken', fails: ['spans'] }, run(broken), run(broken));
    assert.deepEqual(kinds(states), ['MISMATCH typo works', 'MISMATCH broken works', 'MISMATCH broken spans']);
  });

  it('counts waiting as not passed, and requires optional checks a variant breaks to be declared', () => {
    const states = healthy();
    states[1] = state({ kind: 'variant', name: 'typo', fails: ['named'] }, run(typo), run(typo));
    assert.deepEqual(kinds(states), ['MISMATCH typo nested']);
  });

  it('checks a declared failure reason', () => {
    const states = healthy();
    states[1] = state({ kind: 'variant', name: 'typo', fails: ['named', 'nested'], reasons: { named: 'span-missing' } }, run(typo), run(typo));
    const verdict = judgeStep('s', states);
    assert.match(verdict.problems[0]?.message ?? '', /declared reason "span-missing", but it failed \(learner: typo\)/);
  });

  it('reports a check no start or variant makes fail as UNTESTED (waiting does not count)', () => {
    const states = healthy().filter((s) => s.expectation.name !== 'typo');
    assert.deepEqual(kinds(states), ['UNTESTED - named']);
  });

  it('reports a starting state that already passes', () => {
    const states = healthy();
    states[0] = state({ kind: 'start', name: 'start' }, run(good), run(good));
    assert.deepEqual(kinds(states), ['MISMATCH start -', 'UNTESTED - spans']);
  });

  it('requires the solution to pass optional checks unless solution.json excuses them', () => {
    const states = healthy();
    const noNest = { ...good, nested: 'F:span-is-root' } as const;
    states[3] = state({ kind: 'solution', name: 'solution', fails: [] }, run(noNest), run(noNest));
    assert.deepEqual(kinds(states), ['MISMATCH solution nested']);
    states[3] = state({ kind: 'solution', name: 'solution', fails: ['nested'] }, run(noNest), run(noNest));
    assert.deepEqual(kinds(states), []);
  });

  it('reports repeats that disagree as FLAKY, whatever the expectation', () => {
    const states = healthy();
    states[3] = state({ kind: 'solution', name: 'solution', fails: [] }, run(good), run({ ...good, spans: 'F:no-spans', named: 'W', nested: 'W' }), run(good));
    assert.deepEqual(kinds(states), ['FLAKY solution spans', 'FLAKY solution named', 'FLAKY solution nested']);
    const cell = judgeStep('s', states).rows[3]?.cells[1];
    assert.deepEqual(cell?.symbols, ['✓', '✗', '✓']);
  });

  it('treats a different failure reason between repeats as flaky too', () => {
    const states = healthy();
    states[1] = state({ kind: 'variant', name: 'typo', fails: ['named', 'nested'] }, run(typo), run({ ...typo, named: 'F:span-missing' }));
    assert.deepEqual(kinds(states), ['FLAKY typo named']);
  });

  it('reports checker failures and runner errors as BROKEN, never as proof', () => {
    const states = healthy();
    states[2] = state({ kind: 'variant', name: 'broken', fails: ['works'] }, run({ ...broken, works: 'E:checker-error' }), run({ ...broken, works: 'E:checker-error' }));
    states[3] = state({ kind: 'solution', name: 'solution' }, run(good), run({}, 'the runner exited with 1'));
    assert.deepEqual(kinds(states), ['BROKEN broken works', 'BROKEN solution -', 'UNTESTED - works']);
  });

  it('reports declarations of checks the step does not have', () => {
    const states = healthy();
    states[1] = state({ kind: 'variant', name: 'typo', fails: ['named', 'nested', 'ghost'] }, run(typo), run(typo));
    assert.deepEqual(kinds(states), ['MISMATCH typo ghost']);
  });
});

describe('matrix text', () => {
  it('shows a row per state, a column per check, and marks mismatches', () => {
    const states = healthy();
    states[2] = state({ kind: 'variant', name: 'broken', fails: ['spans'] }, run(broken), run(broken));
    const text = formatStep(judgeStep('01-x/01-y', states), 2);
    assert.match(text, /^01-x\/01-y — 2 repeats — 2 problems/);
    assert.match(text, /\[4\] nested \(optional\)/);
    assert.match(text, /variant broken +✗! 20 +✓! 10 +✓ 10 +✓ 10 +1\.0 s +1\.2 s/);
    assert.match(text, /start +✓ 10 +✗ 20 +· +·/);
  });

  it('median', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([1, 2, 3, 5]), 3);
    assert.equal(median([]), 0);
  });
});
