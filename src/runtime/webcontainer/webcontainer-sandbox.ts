/** Adapts one booted WebContainer to the `Sandbox` interface. */
import type { FileSystemAPI, WebContainerProcess } from '@webcontainer/api';
import { SandboxError } from '../sandbox.ts';
import type {
  DirEntry,
  FileSystemTree,
  PortEvent,
  Sandbox,
  SandboxFileSystem,
  SandboxProcess,
  SandboxServices,
  SpawnOptions,
  WatchEvent,
  Watcher,
} from '../sandbox.ts';
import { normalizeSandboxPath } from '../sandbox-path.ts';
import { toSandboxError } from './errors.ts';
import type { WebContainerInstance } from './webcontainer-api.ts';

export class WebContainerSandbox implements Sandbox {
  readonly kind = 'webcontainer' as const;
  readonly fs: SandboxFileSystem;
  readonly services: SandboxServices;
  private readonly instance: WebContainerInstance;
  private readonly processes = new Set<WebContainerProcess>();
  private readonly unsubscribes = new Set<() => void>();
  private readonly onTeardown: (broken: boolean) => void;
  private broken = false;
  private tornDown = false;

  /** `onTeardown(broken)` lets the provider drop an instance that reported an internal error. */
  constructor(instance: WebContainerInstance, services: SandboxServices, onTeardown: (broken: boolean) => void) {
    this.instance = instance;
    this.services = services;
    this.onTeardown = onTeardown;
    this.fs = new WebContainerFileSystem(instance.fs);
    this.track(instance.on('error', () => void (this.broken = true)));
  }

  async mount(tree: FileSystemTree, options?: { mountPoint?: string }): Promise<void> {
    this.assertLive();
    const mountPoint = options?.mountPoint === undefined ? undefined : normalizeSandboxPath(options.mountPoint);
    await this.instance.mount(tree, mountPoint === undefined ? undefined : { mountPoint }).catch((error: unknown) => {
      throw toSandboxError(error);
    });
  }

  async mountDependencies(snapshot: Uint8Array): Promise<void> {
    this.assertLive();
    await this.instance.mount(snapshot).catch((error: unknown) => {
      throw toSandboxError(error);
    });
  }

  async spawn(command: string, args: string[] = [], options: SpawnOptions = {}): Promise<SandboxProcess> {
    this.assertLive();
    const cwd = options.cwd === undefined ? undefined : normalizeSandboxPath(options.cwd).slice(1);
    let process: WebContainerProcess;
    try {
      process = await this.instance.spawn(command, args, {
        ...(cwd ? { cwd } : {}),
        env: { ...this.services.env, ...options.env },
        ...(options.terminal ? { terminal: options.terminal } : {}),
      });
    } catch (error) {
      throw toSandboxError(error, 'spawn-failed');
    }
    this.processes.add(process);
    void process.exit.finally(() => this.processes.delete(process)).catch(() => {});
    return {
      output: process.output,
      input: process.input,
      exit: process.exit,
      kill: () => process.kill(),
      resize: (size) => process.resize(size),
    };
  }

  onPort(listener: (event: PortEvent) => void): () => void {
    return this.track(this.instance.on('port', (port, type, url) => listener({ port, type, url })));
  }

  onError(listener: (error: SandboxError) => void): () => void {
    return this.track(this.instance.on('error', (error) => listener(new SandboxError('internal', error.message))));
  }

  /** Kills this sandbox's processes; the booted WebContainer is kept for the next boot unless it broke. */
  async teardown(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    for (const process of this.processes) process.kill();
    this.processes.clear();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes.clear();
    this.onTeardown(this.broken);
  }

  private track(unsubscribe: () => void): () => void {
    this.unsubscribes.add(unsubscribe);
    return () => {
      this.unsubscribes.delete(unsubscribe);
      unsubscribe();
    };
  }

  private assertLive(): void {
    if (this.tornDown) throw new SandboxError('connection-lost', 'the sandbox was torn down');
  }
}

class WebContainerFileSystem implements SandboxFileSystem {
  private readonly fs: FileSystemAPI;

  constructor(fs: FileSystemAPI) {
    this.fs = fs;
  }

  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf-8'): Promise<string>;
  readFile(path: string, encoding?: 'utf-8'): Promise<Uint8Array | string> {
    if (encoding) return guard(() => this.fs.readFile(normalizeSandboxPath(path), encoding));
    return guard(() => this.fs.readFile(normalizeSandboxPath(path)));
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const target = normalizeSandboxPath(path);
    // The interface promises parents are created (the local provider does); WebContainer's fs does not.
    const parent = target.slice(0, target.lastIndexOf('/'));
    if (parent !== '') await guard(() => this.fs.mkdir(parent, { recursive: true }));
    await guard(() => this.fs.writeFile(target, data));
  }

  readdir(path: string): Promise<string[]>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirEntry[]>;
  readdir(path: string, options?: { withFileTypes: true }): Promise<string[] | DirEntry[]> {
    const target = normalizeSandboxPath(path);
    if (options?.withFileTypes) return guard(() => this.fs.readdir(target, { withFileTypes: true }));
    return guard(() => this.fs.readdir(target));
  }

  async mkdir(path: string, options?: { recursive?: boolean }): Promise<void> {
    const target = normalizeSandboxPath(path);
    if (options?.recursive) await guard(() => this.fs.mkdir(target, { recursive: true }));
    else await guard(() => this.fs.mkdir(target));
  }

  async rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> {
    const target = normalizeSandboxPath(path);
    if (target === '/') throw new SandboxError('forbidden-path', 'the sandbox root cannot be removed');
    await guard(() => this.fs.rm(target, { recursive: options?.recursive === true, force: options?.force === true }));
  }

  async rename(from: string, to: string): Promise<void> {
    const source = normalizeSandboxPath(from);
    if (source === '/') throw new SandboxError('forbidden-path', 'the sandbox root cannot be renamed');
    await guard(() => this.fs.rename(source, normalizeSandboxPath(to)));
  }

  watch(path: string, options: { recursive?: boolean }, listener: (event: WatchEvent, filename: string) => void): Watcher {
    const decoder = new TextDecoder();
    try {
      return this.fs.watch(normalizeSandboxPath(path), { recursive: options.recursive === true }, (event, filename) =>
        listener(event, typeof filename === 'string' ? filename : decoder.decode(filename)),
      );
    } catch (error) {
      throw toSandboxError(error);
    }
  }
}

/** Runs an fs call and translates whatever it throws, synchronously or not. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toSandboxError(error);
  }
}
