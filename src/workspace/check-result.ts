/** One line the in-sandbox check runner prints on stdout (JSON), as the page understands it. */
export type CheckStatus = 'passed' | 'failed' | 'waiting';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  failure?: { kind: 'learner' | 'environment' | 'checker' | 'timeout'; reason: string; message: string };
  evidence?: unknown;
  hint?: string;
  /**
   * Which of the reason's hints this is (1-based) and how many there are, when the runner says so; without
   * them the page infers the last level from a hint that stopped changing (hint-levels.ts).
   */
  hintLevel?: number;
  hintLevels?: number;
  /** The runner's one-line account, e.g. which earlier check a still-waiting check needs. */
  message?: string;
  durationMs?: number;
}

export type RunnerLine =
  | ({ type: 'waiting' } & Pick<CheckResult, 'id' | 'title'>)
  | ({ type: 'check' } & CheckResult)
  | { type: 'done'; passed: number; failed: number; durationMs: number }
  | { type: 'error'; message: string };

/** Parses one runner line; anything that is not a runner line (stray output) gives null. */
export function parseRunnerLine(line: string): RunnerLine | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (typeof value !== 'object' || value === null || !('type' in value)) return null;
    const type = (value as { type: unknown }).type;
    return type === 'waiting' || type === 'check' || type === 'done' || type === 'error' ? (value as RunnerLine) : null;
  } catch {
    return null;
  }
}
