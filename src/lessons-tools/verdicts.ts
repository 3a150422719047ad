/**
 * Judges one step's runs against what its states promise. Pure: runs in, cells and problems out.
 *
 * Rules (also in lessons/AUTHORING.md, "Proving a step"):
 * - "not passed" = failed, or waiting because a check it needs did not pass. Variants declare not-passed checks.
 * - START must leave at least one required (non-optional) check not passed. Which ones is not declared.
 * - A VARIANT must not pass exactly the checks in its `fails`, optional checks included: a variant is the
 *   solution with one mistake, so an optional check it breaks is part of what it shows and must be declared,
 *   and one it does not declare must still pass. `reasons` (optional) pins a check's failure reason.
 * - The SOLUTION must pass every check, optional ones too, except optional ones listed in `solution.json`.
 * - Every required check must be TRIPPED: really failed (its own run() said so; waiting does not count) in the
 *   starting state or a variant, in every repeat. Otherwise it is UNTESTED: nothing shows it can fail.
 * - A failure of kind "checker" or "environment" proves nothing about the learner's code: BROKEN, always.
 * - Repeats must agree on every cell (status and reason), or the cell is FLAKY.
 */
import type { CheckRun, StateRun } from './run-state.ts';

export type StateKind = 'start' | 'variant' | 'solution';

export interface StateExpectation {
  kind: StateKind;
  /** "start", "solution" or the variant's folder name. */
  name: string;
  /** Variant: checks that must not pass. Solution: optional checks allowed not to pass. */
  fails?: readonly string[];
  reasons?: Readonly<Record<string, string>>;
}

export interface StateRuns {
  expectation: StateExpectation;
  runs: StateRun[];
}

export type ProblemKind = 'MISMATCH' | 'FLAKY' | 'UNTESTED' | 'BROKEN';

export interface MatrixProblem {
  kind: ProblemKind;
  step: string;
  state?: string;
  check?: string;
  message: string;
}

export type CellSymbol = '✓' | '✗' | '·' | '?';

export interface Cell {
  check: string;
  /** One per repeat. */
  symbols: CellSymbol[];
  /** Failure reasons per repeat ('' when not failed). */
  reasons: string[];
  /** Failure kinds per repeat ('' when not failed). */
  kinds: string[];
  /** What the state promises for this check: passes, or not. Undefined for the starting state (nothing declared). */
  expectPass?: boolean;
  /** Median of the check's own duration over the repeats. */
  medianMs: number;
  ok: boolean;
}

export interface StateRow {
  name: string;
  kind: StateKind;
  cells: Cell[];
  medianWallMs: number;
  medianRunMs: number;
  ok: boolean;
}

export interface StepVerdict {
  step: string;
  checks: { id: string; title: string; optional: boolean }[];
  rows: StateRow[];
  problems: MatrixProblem[];
}

const symbolOf = (run: CheckRun | undefined): CellSymbol => (run === undefined ? '?' : run.status === 'passed' ? '✓' : run.status === 'failed' ? '✗' : '·');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

export function judgeStep(step: string, states: readonly StateRuns[]): StepVerdict {
  const problems: MatrixProblem[] = [];
  const plan = states.flatMap((s) => s.runs).find((r) => r.plan.length > 0)?.plan ?? [];
  const planIds = new Set(plan.map((c) => c.id));
  const rows: StateRow[] = [];

  for (const { expectation, runs } of states) {
    const state = expectation.name;
    for (const [i, run] of runs.entries()) {
      if (run.error !== undefined) problems.push({ kind: 'BROKEN', step, state, message: `repeat ${i + 1}: ${run.error}` });
    }
    for (const id of expectation.fails ?? []) {
      if (plan.length > 0 && !planIds.has(id)) problems.push({ kind: 'MISMATCH', step, state, check: id, message: `declares "${id}", which is not a check of this step` });
    }
    const declared = new Set(expectation.fails ?? []);
    const cells: Cell[] = plan.map((check) => {
      const results = runs.map((r) => r.checks.get(check.id));
      const symbols = results.map(symbolOf);
      const reasons = results.map((r) => (r?.status === 'failed' ? (r.reason ?? '') : ''));
      const kinds = results.map((r) => (r?.status === 'failed' ? (r.kind ?? 'learner') : ''));
      const cell: Cell = { check: check.id, symbols, reasons, kinds, medianMs: median(results.map((r) => r?.durationMs ?? 0)), ok: true };
      const note = (kind: ProblemKind, message: string): void => {
        cell.ok = false;
        problems.push({ kind, step, state, check: check.id, message });
      };

      for (const result of results) {
        if (result?.status === 'failed' && (result.kind === 'checker' || result.kind === 'environment')) {
          note('BROKEN', `${result.kind} failure "${result.reason}": ${result.message ?? ''}`);
          break;
        }
      }
      // A runner that broke (reported above) printed nothing worth comparing.
      if (runs.some((r) => r.error !== undefined)) {
        cell.ok = false;
        return cell;
      }
      const outcomes = symbols.map((s, i) => `${s}${reasons[i] ? ` ${reasons[i]}` : ''}`);
      if (new Set(outcomes).size > 1) {
        note('FLAKY', `repeats disagree: ${outcomes.join(' | ')}`);
        return cell;
      }
      if (symbols.includes('?')) {
        note('BROKEN', 'the runner reported no result for this check');
        return cell;
      }

      const passed = symbols[0] === '✓';
      if (expectation.kind === 'variant') {
        cell.expectPass = !declared.has(check.id);
        if (passed && !cell.expectPass) note('MISMATCH', 'declared to fail, but passed');
        if (!passed && cell.expectPass) note('MISMATCH', `not declared, but ${describe(results[0])}`);
        const wantReason = expectation.reasons?.[check.id];
        if (wantReason !== undefined && !passed && reasons[0] !== wantReason) note('MISMATCH', `declared reason "${wantReason}", but ${describe(results[0])}`);
      } else if (expectation.kind === 'solution') {
        cell.expectPass = !(check.optional && declared.has(check.id));
        if (!passed && cell.expectPass) note('MISMATCH', `the solution must pass it, but ${describe(results[0])}`);
      }
      return cell;
    });

    if (expectation.kind === 'start' && runs.length > 0 && runs.every((r) => r.error === undefined)) {
      const failsRequired = plan.some((c) => !c.optional && cells.find((cell) => cell.check === c.id)?.symbols.every((s) => s !== '✓'));
      if (!failsRequired) problems.push({ kind: 'MISMATCH', step, state, message: 'the starting state already passes every required check: the step asks for nothing' });
    }
    rows.push({
      name: state,
      kind: expectation.kind,
      cells,
      medianWallMs: median(runs.map((r) => r.wallMs)),
      medianRunMs: median(runs.map((r) => r.runMs)),
      ok: cells.every((c) => c.ok) && !problems.some((p) => p.state === state && p.check === undefined),
    });
  }

  for (const check of plan.filter((c) => !c.optional)) {
    const tripped = rows.some((row) => row.kind !== 'solution' && row.cells.some((cell) => cell.check === check.id && provesFailure(cell)));
    if (!tripped) problems.push({ kind: 'UNTESTED', step, check: check.id, message: 'no starting state or variant makes this required check fail: add a variant that does' });
  }
  return { step, checks: plan, rows, problems };
}

/** Failed in every repeat, and through the learner's code (a checker or environment failure proves nothing). */
function provesFailure(cell: Cell): boolean {
  return cell.symbols.length > 0 && cell.symbols.every((s) => s === '✗') && cell.kinds.every((k) => k === 'learner' || k === 'timeout');
}

function describe(run: CheckRun | undefined): string {
  if (run === undefined) return 'it did not report';
  if (run.status === 'passed') return 'it passed';
  if (run.status === 'waiting') return 'it was waiting (a check it needs did not pass)';
  return `it failed (${run.kind ?? 'learner'}: ${run.reason ?? '?'})`;
}
