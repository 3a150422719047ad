import { $checkResults, $checkRun } from './state.ts';
import { createLineSplitter } from './line-splitter.ts';
import { parseRunnerLine, type CheckResult } from './check-result.ts';
import { markStepComplete } from './progress.ts';
import { isLastHintLevel, loadShownHints, saveShownHints } from './hint-levels.ts';
import type { WorkspaceSession } from './sandbox-session.ts';

const attemptsKey = (stepId: string) => `cruddur-workshop:attempts:${stepId}`;

/**
 * One press of "Run checks": flush edits, run the step's checks in a fresh app, stream results into the panel
 * and end with one summary sentence. The summary element is a live region, so the outcome is announced; the
 * individual results are not (a screen reader would read every line as it streams in).
 */
export function createCheckRun(options: {
  root: HTMLElement;
  stepId: string;
  summary: HTMLElement;
  session(): WorkspaceSession | null;
  flush(): Promise<void>;
  /** False once the learner has moved to another step: a run still streaming must not draw into that step. */
  current(): boolean;
}): { run(): Promise<void>; stop(): void; isLastHint(result: CheckResult): boolean } {
  const { root, stepId, summary } = options;
  // The hints of the run before the current one: a hint that repeats is the last level (hint-levels.ts).
  let previousHints: Record<string, string> = {};
  const isLastHint = (result: CheckResult) => isLastHintLevel(result, previousHints[result.id]);
  let running: AbortController | null = null;
  const run = async () => {
    const session = options.session();
    if (!session || $checkRun.get().running) return;
    await options.flush();
    previousHints = loadShownHints(stepId);
    const attempt = Number(localStorage.getItem(attemptsKey(stepId)) ?? '0') + 1;
    $checkRun.set({ running: true, stale: false });
    root.dataset.checkRun = 'running';
    $checkResults.set([]);
    summary.textContent = 'Running checks against a fresh copy of your app…';
    const results = new Map<string, CheckResult>();
    let runnerError: string | null = null;
    const splitter = createLineSplitter((line) => {
      if (!options.current()) return;
      const parsed = parseRunnerLine(line);
      if (!parsed) return;
      if (parsed.type === 'waiting') results.set(parsed.id, { id: parsed.id, title: parsed.title, status: 'waiting' });
      else if (parsed.type === 'check') results.set(parsed.id, parsed);
      else if (parsed.type === 'error') runnerError = parsed.message;
      $checkResults.set([...results.values()]);
    });
    running = new AbortController();
    let exitCode: number;
    try {
      exitCode = await session.runChecks(attempt, (chunk) => splitter.push(chunk), running.signal);
    } catch (error) {
      // The sandbox went away mid-run (its own notice says so and offers Retry): the button must not stay dead.
      if (!options.current()) return;
      summary.textContent = `The check run was cut off: ${(error as Error).message} Press Run checks to try again once the sandbox is back.`;
      $checkRun.set({ running: false, stale: false });
      root.dataset.checkRun = 'done';
      return;
    } finally {
      running = null;
    }
    splitter.flush();
    if (!options.current()) return;
    const all = [...results.values()];
    const passed = all.filter((r) => r.status === 'passed').length;
    const failed = all.filter((r) => r.status === 'failed');
    const learnerFailures = failed.filter((r) => r.failure?.kind !== 'environment' && r.failure?.kind !== 'checker');
    if (learnerFailures.length > 0) localStorage.setItem(attemptsKey(stepId), String(attempt));
    if (runnerError || (exitCode !== 0 && all.length === 0)) {
      summary.textContent = `The check runner could not run (${runnerError ?? `exit code ${exitCode}`}). This is not your code: press Run checks to try again.`;
    } else if (all.length > 0 && passed === all.length) {
      summary.textContent = `All ${all.length} checks passed. Step complete!`;
      await markStepComplete(stepId);
      root.dataset.stepComplete = 'true';
    } else {
      const waiting = all.filter((r) => r.status === 'waiting').length;
      const rest = [failed.length > 0 ? `${failed.length} failed` : '', waiting > 0 ? `${waiting} waiting` : ''].filter(Boolean).join(', ');
      summary.textContent = `${passed} of ${all.length} checks passed${rest ? `: ${rest}` : ''}. The results are listed below.`;
    }
    $checkRun.set({ running: false, stale: false });
    // Kept for the next run, which compares its hints with these.
    saveShownHints(stepId, all);
    root.dataset.checkRun = 'done';
  };
  // The learner moved to another step: the sandbox now holds that step's files, so what this run would still
  // find is not about the step it was started on. It is stopped, and the step keeps its earlier result.
  const stop = () => running?.abort();
  return { run, stop, isLastHint };
}
