/** Building blocks a step's `checks.ts` uses to declare its checks and report outcomes. */
import { summarizeSpan } from './span-search.ts';
import type { CheckDefinition, CheckOutcome, Evidence, FailureKind, Hints, SpanDiff, SpanWaitResult, StepChecks } from './types.ts';

const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Validates and returns a step's checks (the default export of `checks.ts`). Throws on authoring mistakes. */
export function defineChecks(step: StepChecks): StepChecks {
  if (typeof step.app?.cwd !== 'string' || typeof step.app.command !== 'string') throw new Error('defineChecks: app needs cwd and command');
  const seen = new Set<string>();
  for (const check of step.checks) {
    if (!idPattern.test(check.id)) throw new Error(`defineChecks: check id "${check.id}" must be kebab-case`);
    if (seen.has(check.id)) throw new Error(`defineChecks: duplicate check id "${check.id}"`);
    for (const need of check.needs ?? []) {
      if (!seen.has(need)) throw new Error(`defineChecks: "${check.id}" needs "${need}", which is not an earlier check`);
    }
    if (typeof check.run !== 'function') throw new Error(`defineChecks: "${check.id}" has no run()`);
    seen.add(check.id);
  }
  return step;
}

/** Identity, for type inference in a standalone check. */
export function defineCheck(check: CheckDefinition): CheckDefinition {
  return check;
}

export function pass(message?: string, evidence?: Evidence): CheckOutcome {
  const outcome: CheckOutcome = { status: 'passed' };
  if (message !== undefined) outcome.message = message;
  if (evidence !== undefined) outcome.evidence = evidence;
  return outcome;
}

/** A failure. `kind` defaults to 'learner': only those count as an attempt and get a hint. */
export function fail(reason: string, message: string, evidence?: Evidence, kind: FailureKind = 'learner'): CheckOutcome {
  const outcome: CheckOutcome = { status: 'failed', failure: { kind, reason, message } };
  if (evidence !== undefined) outcome.evidence = evidence;
  return outcome;
}

/** Evidence for a span wait: the match, or the nearest span and its diff. */
export function spanEvidence(result: SpanWaitResult): Evidence {
  if (result.found) return { matched: summarizeSpan(result.span) };
  const evidence: Evidence = { diff: result.diffs };
  if (result.nearest !== undefined) evidence.nearest = summarizeSpan(result.nearest);
  return evidence;
}

/** The nearest span's difference on one field ("name", "scope", "attributes.app.now", ...), if any. */
export function diffOn(result: SpanWaitResult, field: string): SpanDiff | undefined {
  return result.found ? undefined : result.diffs.find((d) => d.field === field);
}

/** The hint for a reason on a given attempt (arrays advance with attempts, the last one repeats). */
export function hintFor(hints: Hints | undefined, reason: string, attempt: number): string | undefined {
  const hint = hints?.[reason];
  if (hint === undefined) return undefined;
  if (typeof hint === 'string') return hint;
  return hint[Math.min(Math.max(attempt, 1), hint.length) - 1];
}
