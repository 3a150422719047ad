/**
 * One browser tab's sandbox: a fresh working directory, five ports of its own, the processes and
 * watchers it started. Everything it created is gone after `close()`.
 */
import { randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { mkdir, readdir, realpath, rm, stat, symlink } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { SandboxServices } from '../runtime/sandbox.ts';
import type { Request, SandboxEvent } from '../runtime/local/protocol.ts';
import { allocateFreePorts } from './free-ports.ts';
import { learnerBaseEnv } from './learner-env.ts';
import { PortWatch } from './port-watch.ts';
import { SandboxFailure } from './sandbox-failure.ts';
import { SessionFs } from './session-fs.ts';
import { ProcessTable } from './session-processes.ts';

const WATCH_DEBOUNCE_MS = 30;
const MAX_WATCHERS = 64;

export interface SessionOptions {
  sessionsRoot: string;
  /** Linked into the session as `node_modules`; skipped (with a log line) when it does not exist. */
  sandboxNodeModules: string;
  nodeBinary: string;
  maxProcesses: number;
  /** Ports the server itself uses, never handed to a session. */
  reservedPorts: ReadonlySet<number>;
  send: (event: SandboxEvent) => void;
  isCongested: () => boolean;
  log: (line: string) => void;
}

export class Session {
  readonly dir: string;
  readonly services: SandboxServices;
  private readonly fs: SessionFs;
  private readonly processes: ProcessTable;
  private readonly ports: PortWatch;
  private readonly watchers = new Map<number, FSWatcher>();
  private readonly send: (event: SandboxEvent) => void;
  private closing: Promise<void> | undefined;

  private constructor(dir: string, services: SandboxServices, options: SessionOptions) {
    this.dir = dir;
    this.services = services;
    this.send = options.send;
    this.fs = new SessionFs(dir);
    this.processes = new ProcessTable({
      baseEnv: services.env,
      maxProcesses: options.maxProcesses,
      resolveCwd: (cwd) => this.fs.resolve(cwd, true),
      send: options.send,
      isCongested: options.isCongested,
      onSpawn: () => this.ports.poke(),
    });
    const sessionPorts = [services.backendPort, services.frontendPort, services.otlpPort, services.xrayDaemonPort, services.awsApiPort];
    this.ports = new PortWatch(
      sessionPorts,
      () => this.processes.liveCount > 0,
      (port, status) => options.send({ type: 'port', port, status, url: `http://localhost:${port}/` }),
    );
  }

  static async create(options: SessionOptions): Promise<Session> {
    await mkdir(options.sessionsRoot, { recursive: true });
    // The server's pid in the name lets a later start remove what a crashed server left behind.
    const created = path.join(options.sessionsRoot, `${process.pid}-${randomBytes(8).toString('hex')}`);
    await mkdir(created);
    const dir = await realpath(created);
    try {
      if ((await stat(options.sandboxNodeModules).catch(() => null))?.isDirectory()) {
        await symlink(options.sandboxNodeModules, path.join(dir, 'node_modules'), 'dir');
      } else {
        options.log(`sandbox node_modules not found at ${options.sandboxNodeModules}; sessions start without dependencies`);
      }
      const [backendPort, frontendPort, otlpPort, xrayDaemonPort, awsApiPort] = await allocateFreePorts(5, options.reservedPorts);
      const services: SandboxServices = {
        backendPort: backendPort as number,
        frontendPort: frontendPort as number,
        otlpPort: otlpPort as number,
        xrayDaemonPort: xrayDaemonPort as number,
        awsApiPort: awsApiPort as number,
        env: learnerBaseEnv({ sessionDir: dir, nodeBinary: options.nodeBinary }),
      };
      return new Session(dir, services, options);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs one request; the result is what goes into the response. */
  async handle(request: Request): Promise<unknown> {
    if (this.closing && request.op !== 'session.close') throw new SandboxFailure('connection-lost', 'the session is closed');
    switch (request.op) {
      case 'mount':
        return this.fs.mount(request.tree, request.mountPoint).then(() => null);
      case 'fs.readFile':
        return this.fs.readFile(request.path, request.encoding);
      case 'fs.writeFile':
        return this.fs.writeFile(request.path, request.data).then(() => null);
      case 'fs.readdir':
        return this.fs.readdir(request.path);
      case 'fs.mkdir':
        return this.fs.mkdir(request.path, request.recursive === true).then(() => null);
      case 'fs.rm':
        return this.fs.rm(request.path, { recursive: request.recursive, force: request.force }).then(() => null);
      case 'fs.rename':
        return this.fs.rename(request.from, request.to).then(() => null);
      case 'fs.watch':
        return this.watch(request.watchId, request.path, request.recursive === true).then(() => null);
      case 'fs.unwatch':
        this.watchers.get(request.watchId)?.close();
        this.watchers.delete(request.watchId);
        return null;
      case 'process.spawn':
        return this.processes.spawn(request).then(() => null);
      case 'process.write':
        this.processes.write(request.pid, request.data);
        return null;
      case 'process.kill':
        this.processes.kill(request.pid);
        return null;
      case 'session.close':
        return this.close().then(() => null);
      default:
        throw new SandboxFailure('bad-request', `unknown op '${String((request as { op: unknown }).op)}'`);
    }
  }

  /** Idempotent: kill every process tree, stop watching, remove the directory. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.ports.stop();
      this.closeWatchers();
      await this.processes.killAll();
      await rm(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    })();
    return this.closing;
  }

  /** For signal handlers: the process is about to die, nothing can be awaited. */
  closeSync(): void {
    this.ports.stop();
    this.closeWatchers();
    this.processes.killAllSync();
    try {
      rmSync(this.dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // A process still writing into it; the next start removes it (its name carries our pid).
    }
  }

  private async watch(watchId: unknown, sandboxPath: string, recursive: boolean): Promise<void> {
    if (!Number.isSafeInteger(watchId) || this.watchers.has(watchId as number)) {
      throw new SandboxFailure('bad-request', 'watchId must be a new integer');
    }
    if (this.watchers.size >= MAX_WATCHERS) throw new SandboxFailure('bad-request', `at most ${MAX_WATCHERS} watchers`);
    const target = await this.fs.resolve(sandboxPath, true);
    const pending = new Map<string, NodeJS.Timeout>();
    // Editors and npm produce bursts of identical events; one per file per burst is enough.
    const watcher = watch(target, { recursive, persistent: false }, (event, filename) => {
      const name = filename === null ? '' : filename.toString();
      const key = `${event}\0${name}`;
      if (pending.has(key)) return;
      pending.set(
        key,
        setTimeout(() => {
          pending.delete(key);
          if (this.watchers.get(watchId as number) === watcher) {
            this.send({ type: 'fs-watch', watchId: watchId as number, event, filename: name });
          }
        }, WATCH_DEBOUNCE_MS),
      );
    });
    watcher.on('error', () => {
      watcher.close();
      this.watchers.delete(watchId as number);
    });
    watcher.on('close', () => pending.forEach((timer) => clearTimeout(timer)));
    this.watchers.set(watchId as number, watcher);
  }

  private closeWatchers(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

/** Removes session directories left by servers that died without cleaning up (their pid is gone). */
export async function removeStaleSessions(sessionsRoot: string, log: (line: string) => void): Promise<void> {
  const names = await readdir(sessionsRoot).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const match = /^(\d+)-[0-9a-f]{16}$/.exec(name);
      if (!match || isAlive(Number(match[1]))) return;
      await rm(path.join(sessionsRoot, name), { recursive: true, force: true }).catch(() => {});
      log(`removed stale session ${name}`);
    }),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
