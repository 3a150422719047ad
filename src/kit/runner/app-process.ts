/**
 * The fresh app instance a check run judges: spawned in its own process group (so killing it also kills
 * anything it started), output captured, and a readiness wait that can end three ways.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { OutputTail } from './output-tail.ts';

export interface StartAppOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
}

export interface AppProcess {
  readonly pid: number | undefined;
  /** stdout and stderr interleaved, last part only. */
  output(maxChars?: number): string;
  exitCode(): number | undefined;
  /** Resolves when the process has exited (code, or 128 + signal number as a shell reports it). */
  readonly exited: Promise<number>;
  /** Set when the process could not be started at all (ENOENT, EACCES...). */
  spawnError(): Error | undefined;
  /** Kills the whole process group and waits (briefly) for it to go. */
  kill(): Promise<void>;
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15, SIGABRT: 6 };

/** Apps still running, so a runner that is itself stopped can take them down (their group outlives it otherwise). */
const live = new Set<ChildProcess>();

/** Synchronous on purpose: usable from a process 'exit' handler. */
export function killAllApps(): void {
  for (const proc of live) killGroup(proc);
  live.clear();
}

export function startApp(options: StartAppOptions): AppProcess {
  const tail = new OutputTail();
  let code: number | undefined;
  let startError: Error | undefined;
  let child: ChildProcess;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const finish = (value: number): void => {
    if (code !== undefined) return;
    code = value;
    resolveExit(value);
  };

  try {
    child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      // Own process group: one kill reaches the app's children too (npm → node, nodemon → node, ...).
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // Synchronous spawn failures (invalid arguments) are reported like asynchronous ones.
    startError = error instanceof Error ? error : new Error(String(error));
    finish(127);
    return handle(undefined);
  }
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));
  child.once('error', (error) => {
    live.delete(child);
    startError = error;
    finish(127);
  });
  child.once('exit', (exitCode, signal) => {
    live.delete(child);
    finish(exitCode ?? 128 + (signal === null ? 0 : (signalNumbers[signal] ?? 0)));
  });
  live.add(child);
  return handle(child);

  function handle(proc: ChildProcess | undefined): AppProcess {
    return {
      pid: proc?.pid,
      output: (maxChars?: number) => tail.text(maxChars),
      exitCode: () => code,
      exited,
      spawnError: () => startError,
      kill: async () => {
        if (proc === undefined) return;
        killGroup(proc);
        const timer = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
        await Promise.race([exited.then(() => undefined), timer]);
        // A grandchild that escaped the group could still hold the pipes open and keep the runner alive.
        proc.stdout?.destroy();
        proc.stderr?.destroy();
      },
    };
  }
}

function killGroup(proc: ChildProcess): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // No process groups here (or already gone): kill the process itself.
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

export type ReadyOutcome = { state: 'ready'; host: string; ms: number } | { state: 'exited'; code: number; ms: number } | { state: 'timeout'; ms: number };

/** Polls until something accepts TCP connections on `port` (IPv4 or IPv6 loopback), the app exits, or time runs out. */
export async function waitUntilListening(app: AppProcess, port: number, timeoutMs: number): Promise<ReadyOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const hosts = ['127.0.0.1', '::1'];
  for (let round = 0; ; round++) {
    const code = app.exitCode();
    if (code !== undefined) return { state: 'exited', code, ms: elapsed() };
    const host = hosts[round % hosts.length] ?? '127.0.0.1';
    if (await canConnect(host, port)) return { state: 'ready', host, ms: elapsed() };
    if (elapsed() >= timeoutMs) return { state: 'timeout', ms: elapsed() };
    await new Promise((resolve) => setTimeout(resolve, round < 50 ? 10 : 50));
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
