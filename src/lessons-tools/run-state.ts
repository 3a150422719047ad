/**
 * One run of the BUNDLED check runner in a materialised sandbox folder, the way the site starts it
 * (`node .workshop/kit/run-checks.mjs .workshop/checks/<step>.mjs`, from the sandbox root, with the learner
 * environment), reduced to what the matrix compares.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { parseRunnerOutput, type CheckResultLine, type DoneLine, type PlanLine } from '../checks/results.ts';
import { learnerEnv } from '../runtime/learner-env.ts';
import { replayTerminal, startSessionCloud } from './session-cloud.ts';

export interface CheckRun {
  status: CheckResultLine['status'];
  /** Present when failed. */
  kind?: string;
  reason?: string;
  message?: string;
  durationMs: number;
}

export interface StateRun {
  plan: PlanLine['checks'];
  checks: Map<string, CheckRun>;
  /** The runner's own `durationMs` (app start to teardown). */
  runMs: number;
  /** Spawn to exit, as a learner waits for it. */
  wallMs: number;
  /** The runner could not do its job (error line, no done line, bad exit): nothing it printed proves anything. */
  error?: string;
}

/** A hung runner is a result too; its own watchdog is 60 s. */
const killAfterMs = 75_000;

/**
 * The sandbox's base environment (src/runtime/learner-env.ts) with this machine's PATH. The app the runner starts
 * never uses these ports (it gets the run's own receivers); runState() points the session ones at a fresh cloud.
 */
export function runnerEnv(): Record<string, string> {
  const path = `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`;
  return learnerEnv({ backendPort: 4567, frontendPort: 3000, otlpPort: 4318, xrayDaemonPort: 2000, awsApiPort: 4566, env: { PATH: path, HOME: process.env['HOME'] ?? '/tmp' } });
}

/**
 * Like the site: a session cloud runs beside the sandbox (its own, fresh, per run), the learner's terminal commands
 * so far have been typed against it, then the runner is started with the session's environment.
 */
export async function runState(sandboxDir: string, stepId: string, attempt = 1, terminal: readonly string[] = []): Promise<StateRun> {
  const session = await startSessionCloud();
  try {
    const env = { ...runnerEnv(), ...session.env };
    const failed = await replayTerminal(sandboxDir, terminal, env);
    if (failed !== undefined) return { plan: [], checks: new Map(), runMs: 0, wallMs: 0, error: failed };
    return await runRunner(sandboxDir, stepId, attempt, env);
  } finally {
    await session.close();
  }
}

function runRunner(sandboxDir: string, stepId: string, attempt: number, env: Record<string, string>): Promise<StateRun> {
  const args = ['.workshop/kit/run-checks.mjs', `.workshop/checks/${stepId}.mjs`, '--attempt', String(attempt)];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: sandboxDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const guard = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const finish = (exitCode: number | null, spawnError?: Error): void => {
      clearTimeout(guard);
      resolve(toStateRun(stdout, stderr, exitCode, Math.round(performance.now() - started), spawnError));
    };
    child.once('error', (error) => finish(null, error));
    child.once('close', (code) => finish(code));
  });
}

export function toStateRun(stdout: string, stderr: string, exitCode: number | null, wallMs: number, spawnError?: Error): StateRun {
  const lines = parseRunnerOutput(stdout);
  const plan = lines.find((l): l is PlanLine => l.type === 'plan');
  const done = lines.find((l): l is DoneLine => l.type === 'done');
  const checks = new Map<string, CheckRun>();
  for (const line of lines) {
    if (line.type !== 'check') continue;
    const run: CheckRun = { status: line.status, durationMs: line.durationMs };
    if (line.failure !== undefined) Object.assign(run, { kind: line.failure.kind, reason: line.failure.reason, message: line.failure.message });
    checks.set(line.id, run);
  }
  const result: StateRun = { plan: plan?.checks ?? [], checks, runMs: done?.durationMs ?? 0, wallMs };
  const runnerError = lines.find((l) => l.type === 'error');
  if (spawnError !== undefined) result.error = `could not start the runner: ${spawnError.message}`;
  else if (runnerError?.type === 'error') result.error = runnerError.message;
  else if (exitCode !== 0 || done === undefined) result.error = `the runner exited with ${exitCode ?? 'a signal'} and ${done === undefined ? 'no' : 'a'} done line; stderr: ${stderr.slice(-600).trim()}`;
  return result;
}
