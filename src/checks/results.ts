/**
 * What the check runner prints: one JSON object per stdout line, nothing else on stdout. Read by the site's check
 * panel (through the Sandbox's process output) and by `lessons:test`.
 *
 *   {"type":"plan", ...}      once, first: the checks about to run
 *   {"type":"waiting", ...}   as each check starts
 *   {"type":"check", ...}     one per check, in order
 *   {"type":"done", ...}      once, last
 *   {"type":"error", ...}     only when the runner itself cannot work (bad checks module); then exit code 2
 */
import type { Evidence, Failure } from './types.ts';

export interface PlanLine {
  type: 'plan';
  step: string;
  attempt: number;
  checks: { id: string; title: string; optional: boolean }[];
}

export interface WaitingLine {
  type: 'waiting';
  id: string;
  title: string;
}

export type CheckStatus = 'passed' | 'failed' | 'waiting';

export interface CheckResultLine {
  type: 'check';
  id: string;
  title: string;
  optional: boolean;
  /** `waiting`: not judged in this run (a check it needs did not pass, or the run was cut short). */
  status: CheckStatus;
  failure?: Failure;
  message?: string;
  evidence: Evidence;
  /** Only for learner failures: the hint for this reason and attempt. */
  hint?: string;
  durationMs: number;
}

export interface DoneLine {
  type: 'done';
  passed: number;
  /** Required checks that failed. */
  failed: number;
  optionalFailed: number;
  waiting: number;
  durationMs: number;
}

export interface RunnerErrorLine {
  type: 'error';
  message: string;
}

export type RunnerLine = PlanLine | WaitingLine | CheckResultLine | DoneLine | RunnerErrorLine;

/** Parses runner stdout, skipping anything that is not a runner line (defensive: stdout should hold only these). */
export function parseRunnerOutput(stdout: string): RunnerLine[] {
  const lines: RunnerLine[] = [];
  for (const text of stdout.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as { type?: unknown };
      if (typeof value.type === 'string') lines.push(value as RunnerLine);
    } catch {
      // not ours
    }
  }
  return lines;
}
