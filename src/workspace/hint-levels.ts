import type { CheckResult } from './check-result.ts';

/**
 * Hints get more specific with every failed attempt and the last one repeats (src/checks/define.ts). At that
 * last level the check panel offers the solution diff. The runner may state the level; if it does not, a hint
 * identical to the one this check showed on the previous attempt means there is no further level.
 */
export function isLastHintLevel(result: CheckResult, previousHint: string | undefined): boolean {
  if (result.status !== 'failed' || !result.hint) return false;
  if (typeof result.hintLevel === 'number' && typeof result.hintLevels === 'number') return result.hintLevel >= result.hintLevels;
  return previousHint === result.hint;
}

const key = (stepId: string) => `cruddur-workshop:hints:${stepId}`;

/** The hints each check showed on the step's last run (check id → hint). */
export function loadShownHints(stepId: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key(stepId)) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function saveShownHints(stepId: string, results: readonly CheckResult[]): void {
  const hints = Object.fromEntries(results.filter((result) => result.hint).map((result) => [result.id, result.hint!]));
  try {
    localStorage.setItem(key(stepId), JSON.stringify(hints));
  } catch {
    // only costs the inference on the next run
  }
}
