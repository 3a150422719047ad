/**
 * A step's checks.ts, loaded as the runner loads it (its default export, validated by defineChecks), then held to
 * the authoring rules lint can see: a title, at least one hint, a hint for every learner failure reason its run()
 * visibly produces, and a hint for every key its pickHint returns.
 */
import { pathToFileURL } from 'node:url';
import type { Hints, StepChecks } from '../checks/types.ts';
import { runnerHints } from '../kit/runner/default-hints.ts';
import { pickedKeysIn, reasonsIn } from './check-reasons.ts';
import type { LintProblem } from './lint-problems.ts';

export interface LoadedChecks {
  checks: { id: string; optional: boolean }[];
}

function hasHint(hints: Hints | undefined, key: string): boolean {
  const hint = hints?.[key];
  return typeof hint === 'string' ? hint.trim() !== '' : Array.isArray(hint) && hint.length > 0;
}

function nonEmptyHints(hints: Hints | undefined): boolean {
  return Object.values(hints ?? {}).some((h) => (typeof h === 'string' ? h.trim() !== '' : h.length > 0 && h.every((t) => t.trim() !== '')));
}

export async function lintChecks(file: string): Promise<{ problems: LintProblem[]; loaded?: LoadedChecks }> {
  let step: StepChecks | undefined;
  try {
    step = ((await import(pathToFileURL(file).href)) as { default?: StepChecks }).default;
  } catch (error) {
    return { problems: [{ file, message: `cannot be loaded: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (step === undefined || !Array.isArray(step.checks)) return { problems: [{ file, message: 'does not default-export defineChecks({ app, checks })' }] };

  const problems: LintProblem[] = [];
  if (step.checks.length === 0) problems.push({ file, message: 'declares no checks (a reading-only step says hasChecks: false and has no checks.ts)' });
  for (const check of step.checks) {
    const field = `check "${check.id}"`;
    if (typeof check.title !== 'string' || check.title.trim() === '') problems.push({ file, field: `${field}.title`, message: 'is empty: the learner sees the title on the check card' });
    if (!nonEmptyHints(check.hints)) {
      // One problem says it all; listing each reason too would only repeat it.
      problems.push({ file, field: `${field}.hints`, message: 'has no hint: every check needs at least one, keyed by the failure reason' });
      continue;
    }
    const reasons = reasonsIn(check.run.toString());
    for (const reason of reasons.learner) {
      if (!hasHint(check.hints, reason) && !hasHint(step.hints, reason) && !hasHint(runnerHints, reason)) {
        problems.push({ file, field: `${field}.hints`, message: `no hint for the learner failure "${reason}" that run() can report` });
      }
    }
    if (check.pickHint !== undefined) {
      for (const key of pickedKeysIn(check.pickHint.toString())) {
        if (!hasHint(check.hints, key)) problems.push({ file, field: `${field}.hints`, message: `pickHint can choose "${key}", which has no hint` });
      }
    }
  }
  return { problems, loaded: { checks: step.checks.map((c) => ({ id: c.id, optional: c.optional === true })) } };
}
