/**
 * Learner processes of one session. Each is spawned without a shell, detached into its own process
 * group, so that killing `-pgid` takes the whole tree (npm → sh → node) with it; when a group leader
 * exits, what it left behind in its group is killed too, so nothing outlives the process the learner
 * sees. (A grandchild that detaches itself into a new group escapes; learner code could do that.)
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { MAX_OUTPUT_CHUNK } from '../runtime/local/protocol.ts';
import type { SandboxEvent } from '../runtime/local/protocol.ts';
import { checkedEnv } from './learner-env.ts';
import { SandboxFailure } from './sandbox-failure.ts';

const TERM_GRACE_MS = 1_000;
/** After exit, how long to wait for the pipes to drain before reporting the exit anyway. */
const DRAIN_MS = 200;
const CONGESTION_POLL_MS = 50;

export interface ProcessTableOptions {
  baseEnv: Record<string, string>;
  maxProcesses: number;
  resolveCwd: (sandboxPath: string) => Promise<string>;
  send: (event: SandboxEvent) => void;
  /** True while the socket's send buffer is too full; output is paused until it drains. */
  isCongested: () => boolean;
  onSpawn: () => void;
}

interface Entry {
  child: ChildProcess;
  pgid: number;
  exited: Promise<void>;
}

export class ProcessTable {
  private readonly options: ProcessTableOptions;
  private readonly live = new Map<number, Entry>();
  private readonly usedIds = new Set<number>();
  /** Groups whose leader exited but whose members were sent SIGTERM and may still be running. */
  private readonly lingering = new Set<number>();
  private closed = false;

  constructor(options: ProcessTableOptions) {
    this.options = options;
  }

  get liveCount(): number {
    return this.live.size;
  }

  async spawn(params: { pid: unknown; command: unknown; args?: unknown; cwd?: unknown; env?: unknown }): Promise<void> {
    const { pid, command } = params;
    const args = params.args ?? [];
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || this.usedIds.has(pid as number)) {
      throw new SandboxFailure('bad-request', 'pid must be a new positive integer');
    }
    if (typeof command !== 'string' || command === '' || command.includes('\0')) {
      throw new SandboxFailure('bad-request', 'command must be a non-empty string');
    }
    if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string' && !arg.includes('\0'))) {
      throw new SandboxFailure('bad-request', 'args must be an array of strings');
    }
    if (this.live.size >= this.options.maxProcesses) {
      throw new SandboxFailure('too-many-processes', `at most ${this.options.maxProcesses} processes may run at once`);
    }
    let env: Record<string, string>;
    try {
      env = { ...this.options.baseEnv, ...checkedEnv(params.env) };
    } catch (error) {
      throw new SandboxFailure('bad-request', (error as Error).message);
    }
    const cwd = await this.options.resolveCwd(typeof params.cwd === 'string' ? params.cwd : '');
    const cwdStats = await stat(cwd).catch(() => null);
    if (!cwdStats?.isDirectory()) throw new SandboxFailure('not-found', `working directory '${String(params.cwd)}' does not exist`);

    const id = pid as number;
    this.usedIds.add(id);
    const child = spawn(command, args as string[], { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error: NodeJS.ErrnoException) => {
        const reason = error.code === 'ENOENT' ? `command not found: ${command}` : `${command}: ${error.code ?? error.message}`;
        reject(new SandboxFailure('spawn-failed', reason));
      });
    });
    const pgid = child.pid as number;
    const entry: Entry = { child, pgid, exited: this.track(id, child, pgid) };
    this.live.set(id, entry);
    // The session may have been closed (server shutdown) while this spawn was on its way.
    if (this.closed) {
      signalGroup(pgid, 'SIGKILL');
      throw new SandboxFailure('connection-lost', 'the session is closed');
    }
    this.options.onSpawn();
  }

  write(pid: unknown, data: unknown): void {
    if (typeof data !== 'string') throw new SandboxFailure('bad-request', 'data must be a string');
    const entry = this.live.get(pid as number);
    if (!entry) throw new SandboxFailure('not-found', `no running process ${String(pid)}`);
    entry.child.stdin?.write(data);
  }

  kill(pid: unknown): void {
    const entry = this.live.get(pid as number);
    if (!entry) return;
    signalGroup(entry.pgid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (this.live.get(pid as number) === entry) signalGroup(entry.pgid, 'SIGKILL');
    }, TERM_GRACE_MS);
    timer.unref();
  }

  /** TERM every group, give them a moment, then KILL whatever is left. */
  async killAll(): Promise<void> {
    this.closed = true;
    const entries = [...this.live.values()];
    for (const entry of entries) signalGroup(entry.pgid, 'SIGTERM');
    await Promise.race([Promise.all(entries.map((entry) => entry.exited)), delay(TERM_GRACE_MS)]);
    this.killAllSync();
    await Promise.race([Promise.all(entries.map((entry) => entry.exited)), delay(TERM_GRACE_MS)]);
  }

  /** For signal handlers and process exit: no waiting possible. */
  killAllSync(): void {
    this.closed = true;
    for (const entry of this.live.values()) signalGroup(entry.pgid, 'SIGKILL');
    for (const pgid of this.lingering) signalGroup(pgid, 'SIGKILL');
    this.lingering.clear();
  }

  private track(id: number, child: ChildProcess, pgid: number): Promise<void> {
    const send = this.options.send;
    const forward = (stream: NodeJS.ReadableStream | null) => {
      if (!stream) return;
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => {
        emitChunks(id, decoder.write(chunk), send);
        if (this.options.isCongested()) this.pauseUntilDrained(stream);
      });
      stream.on('end', () => emitChunks(id, decoder.end(), send));
    };
    forward(child.stdout);
    forward(child.stderr);
    // A learner process that stops reading stdin must not crash the server with EPIPE.
    child.stdin?.on('error', () => {});

    let closed = false;
    const closedPromise = new Promise<void>((resolve) => child.once('close', () => ((closed = true), resolve())));
    return new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
        this.live.delete(id);
        this.reapGroup(pgid);
        const report = () => {
          send({ type: 'process-exit', pid: id, code: exitCode });
          resolve();
        };
        if (closed) report();
        else void Promise.race([closedPromise, delay(DRAIN_MS)]).then(report);
      });
    });
  }

  private reapGroup(pgid: number): void {
    if (!signalGroup(pgid, 'SIGTERM')) return;
    this.lingering.add(pgid);
    const timer = setTimeout(() => {
      if (this.lingering.delete(pgid)) signalGroup(pgid, 'SIGKILL');
    }, TERM_GRACE_MS);
    timer.unref();
  }

  private pauseUntilDrained(stream: NodeJS.ReadableStream): void {
    if (stream.isPaused()) return;
    stream.pause();
    const timer = setInterval(() => {
      if (this.options.isCongested()) return;
      clearInterval(timer);
      stream.resume();
    }, CONGESTION_POLL_MS);
    timer.unref();
  }
}

function emitChunks(pid: number, text: string, send: (event: SandboxEvent) => void): void {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + MAX_OUTPUT_CHUNK, text.length);
    // Never split a surrogate pair across two messages.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
    send({ type: 'process-output', pid, data: text.slice(start, end) });
    start = end;
  }
}

/** Returns false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
