/** The `Sandbox` backed by a workshop-server session. */
import { SandboxError } from '../sandbox.ts';
import type { FileSystemTree, PortEvent, Sandbox, SandboxProcess, SandboxServices, SpawnOptions } from '../sandbox.ts';
import type { SandboxConnection } from './connection.ts';
import { LocalFileSystem } from './local-fs.ts';
import { LocalProcess } from './local-process.ts';
import { toWireTree } from './wire-data.ts';

export class LocalSandbox implements Sandbox {
  readonly kind = 'local' as const;
  readonly fs: LocalFileSystem;
  readonly services: SandboxServices;
  private readonly connection: SandboxConnection;
  private readonly processes = new Map<number, LocalProcess>();
  private readonly portListeners = new Set<(event: PortEvent) => void>();
  private readonly errorListeners = new Set<(error: SandboxError) => void>();
  private nextPid = 1;
  private tornDown: Promise<void> | undefined;

  constructor(connection: SandboxConnection, services: SandboxServices) {
    this.connection = connection;
    this.services = services;
    this.fs = new LocalFileSystem(connection);
    connection.onEvent((event) => {
      if (event.type === 'process-output') this.processes.get(event.pid)?.receiveOutput(event.data);
      else if (event.type === 'process-exit') {
        this.processes.get(event.pid)?.receiveExit(event.code);
        this.processes.delete(event.pid);
      } else if (event.type === 'port') {
        const portEvent: PortEvent = { port: event.port, type: event.status, url: event.url };
        for (const listener of this.portListeners) listener(portEvent);
      }
    });
    connection.onLost((error) => {
      this.failProcesses(error);
      for (const listener of this.errorListeners) listener(error);
    });
  }

  async mount(tree: FileSystemTree, options?: { mountPoint?: string }): Promise<void> {
    await this.connection.request('mount', options?.mountPoint ? { tree: toWireTree(tree), mountPoint: options.mountPoint } : { tree: toWireTree(tree) });
  }

  async spawn(command: string, args: string[] = [], options: SpawnOptions = {}): Promise<SandboxProcess> {
    const pid = this.nextPid++;
    // Registered before asking, so not one byte of output can arrive for an unknown pid.
    const process = new LocalProcess(pid, this.connection);
    this.processes.set(pid, process);
    try {
      await this.connection.request('process.spawn', {
        pid,
        command,
        args,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.env !== undefined ? { env: options.env } : {}),
      });
    } catch (error) {
      this.processes.delete(pid);
      throw error;
    }
    return process;
  }

  onPort(listener: (event: PortEvent) => void): () => void {
    this.portListeners.add(listener);
    return () => this.portListeners.delete(listener);
  }

  onError(listener: (error: SandboxError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Waits until the server has killed every process and removed the session directory. */
  teardown(): Promise<void> {
    this.tornDown ??= (async () => {
      await this.connection.request('session.close', {}).catch(() => {});
      this.failProcesses(new SandboxError('connection-lost', 'the sandbox was torn down'));
      await this.connection.close();
    })();
    return this.tornDown;
  }

  private failProcesses(error: SandboxError): void {
    for (const process of this.processes.values()) process.fail(error);
    this.processes.clear();
  }
}
