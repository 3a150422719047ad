/**
 * A stand-in for `@webcontainer/api`'s `WebContainer` that runs on the local provider: real files in
 * a workshop-server session, real Node processes. The WebContainer provider's code path (the one
 * the hosted site runs) is thereby exercised in CI, where StackBlitz cannot boot.
 *
 * Typed against the real library's types. Behaviours copied on purpose:
 * - one booted instance at a time ("Only a single WebContainer instance can be booted");
 * - fs errors carry the errno only in the message, no `error.code` (webcontainer-core#1171);
 * - `on()` returns an unsubscribe function; `teardown()` is synchronous.
 * Binary snapshots in `mount` are decoded and validated (the `@webcontainer/snapshot` format) but their files
 * are not written: the local session behind the double already links the host's installed node_modules.
 * Not modelled: symlink nodes, `export`, preview scripts, a pty.
 */
import { decode } from '@msgpack/msgpack';
import type {
  BootOptions,
  BufferEncoding,
  DirEnt,
  ErrorListener,
  FileSystemAPI,
  FileSystemTree,
  FSWatchCallback,
  FSWatchOptions,
  IFSWatcher,
  PortListener,
  ServerReadyListener,
  SpawnOptions,
  Unsubscribe,
  WebContainerProcess,
} from '@webcontainer/api';
import type { FileSystemTree as SandboxTree, Sandbox, SandboxError, SandboxProvider, SandboxServices } from '../../src/runtime/sandbox.ts';
import type { WebContainerClass, WebContainerInstance } from '../../src/runtime/webcontainer/webcontainer-api.ts';

const ERRNO_FOR: Record<string, string> = {
  'not-found': 'ENOENT: no such file or directory',
  'already-exists': 'EEXIST: file already exists',
  'not-a-directory': 'ENOTDIR: not a directory',
  'is-a-directory': 'EISDIR: illegal operation on a directory',
  'directory-not-empty': 'ENOTEMPTY: directory not empty',
  'forbidden-path': 'EACCES: permission denied',
};

/** Rethrows as WebContainer does: a plain Error whose message starts with the errno. */
async function likeWebContainer<T>(operation: string, path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = (error as SandboxError).code;
    const errno = ERRNO_FOR[code] ?? `EIO: ${(error as Error).message}`;
    throw new Error(`${errno}, ${operation} '${path}'`);
  }
}

class DoubleFileSystem implements FileSystemAPI {
  private readonly sandbox: Sandbox;

  constructor(sandbox: Sandbox) {
    this.sandbox = sandbox;
  }

  readdir(path: string, options: 'buffer' | { encoding: 'buffer'; withFileTypes?: false }): Promise<Uint8Array[]>;
  readdir(path: string, options?: { encoding?: BufferEncoding | null; withFileTypes?: false } | BufferEncoding | null): Promise<string[]>;
  readdir(path: string, options: { encoding: 'buffer'; withFileTypes: true }): Promise<DirEnt<Uint8Array>[]>;
  readdir(path: string, options: { encoding?: BufferEncoding | null; withFileTypes: true }): Promise<DirEnt<string>[]>;
  async readdir(
    path: string,
    options?: string | null | { encoding?: string | null; withFileTypes?: boolean },
  ): Promise<Uint8Array[] | string[] | DirEnt<Uint8Array>[] | DirEnt<string>[]> {
    const asBuffer = options === 'buffer' || (typeof options === 'object' && options?.encoding === 'buffer');
    const withTypes = typeof options === 'object' && options?.withFileTypes === true;
    const encode = (name: string) => new TextEncoder().encode(name);
    return likeWebContainer('scandir', path, async () => {
      if (!withTypes) {
        const names = await this.sandbox.fs.readdir(path);
        return asBuffer ? names.map(encode) : names;
      }
      const entries = await this.sandbox.fs.readdir(path, { withFileTypes: true });
      if (!asBuffer) return entries.map((entry) => ({ name: entry.name, isFile: () => entry.isFile(), isDirectory: () => entry.isDirectory() }));
      return entries.map((entry) => ({ name: encode(entry.name), isFile: () => entry.isFile(), isDirectory: () => entry.isDirectory() }));
    });
  }

  readFile(path: string, encoding?: null): Promise<Uint8Array>;
  readFile(path: string, encoding: BufferEncoding): Promise<string>;
  readFile(path: string, encoding?: BufferEncoding | null): Promise<Uint8Array | string> {
    return likeWebContainer('open', path, async () => {
      if (encoding === undefined || encoding === null) return this.sandbox.fs.readFile(path);
      if (encoding !== 'utf-8' && encoding !== 'utf8') throw new Error(`the double only decodes utf-8, not ${encoding}`);
      return this.sandbox.fs.readFile(path, 'utf-8');
    });
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    // Like WebContainer, no parent directories are created.
    const parent = path.replace(/\/+$/, '').split('/').slice(0, -1).join('/');
    await likeWebContainer('open', path, async () => {
      if (parent !== '' && !(await this.sandbox.fs.readdir(parent).then(() => true, () => false))) {
        throw Object.assign(new Error('missing parent'), { code: 'not-found' });
      }
      await this.sandbox.fs.writeFile(path, data);
    });
  }

  mkdir(path: string, options?: { recursive?: false }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<string>;
  async mkdir(path: string, options?: { recursive?: boolean }): Promise<void | string> {
    await likeWebContainer('mkdir', path, () => this.sandbox.fs.mkdir(path, { recursive: options?.recursive === true }));
    return options?.recursive ? path : undefined;
  }

  rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void> {
    return likeWebContainer('rm', path, () => this.sandbox.fs.rm(path, options));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return likeWebContainer('rename', oldPath, () => this.sandbox.fs.rename(oldPath, newPath));
  }

  watch(filename: string, options?: FSWatchOptions, listener?: FSWatchCallback): IFSWatcher;
  watch(filename: string, listener?: FSWatchCallback): IFSWatcher;
  watch(filename: string, optionsOrListener?: FSWatchOptions | FSWatchCallback, maybeListener?: FSWatchCallback): IFSWatcher {
    const listener = typeof optionsOrListener === 'function' ? optionsOrListener : maybeListener;
    const options = typeof optionsOrListener === 'object' && optionsOrListener !== null ? optionsOrListener : {};
    return this.sandbox.fs.watch(filename, { recursive: options.recursive === true }, (event, name) => listener?.(event, name));
  }
}

export interface DoubleWebContainer extends WebContainerInstance {
  /** Not in the real API: the ports the local session really allocated, for the provider's `services` hook. */
  readonly services: SandboxServices;
  /** Not in the real API: settles when the session behind a `teardown()` is gone. */
  readonly tornDown: Promise<void>;
  /** Not in the real API: what each binary-snapshot `mount()` contained. */
  readonly mountedSnapshots: SnapshotSummary[];
  readonly workdir: string;
  readonly path: string;
}

export interface DoubleWebContainerClass extends WebContainerClass {
  boot(options?: BootOptions): Promise<DoubleWebContainer>;
  /** How many times `boot()` was called (the provider should call it once per page). */
  readonly bootCount: number;
}

/** A `WebContainer` class whose instances live in sessions of the given local provider. */
export function createWebContainerDouble(local: SandboxProvider, options: { bootTimeoutMs?: number } = {}): DoubleWebContainerClass {
  let current: DoubleWebContainer | null = null;
  let bootCount = 0;

  class Double implements DoubleWebContainer {
    readonly fs: FileSystemAPI;
    readonly services: SandboxServices;
    tornDown: Promise<void> = new Promise(() => {});
    readonly mountedSnapshots: SnapshotSummary[] = [];
    private readonly sandbox: Sandbox;

    private constructor(sandbox: Sandbox) {
      this.sandbox = sandbox;
      this.fs = new DoubleFileSystem(sandbox);
      this.services = sandbox.services;
    }

    static get bootCount(): number {
      return bootCount;
    }

    static async boot(_options?: BootOptions): Promise<DoubleWebContainer> {
      bootCount += 1;
      if (current) throw new Error('Only a single WebContainer instance can be booted');
      const instance = new Double(await local.boot({ timeoutMs: options.bootTimeoutMs ?? 10_000 }));
      current = instance;
      return instance;
    }

    get workdir(): string {
      return '/home/cruddur';
    }

    get path(): string {
      return this.sandbox.services.env.PATH ?? '';
    }

    spawn(command: string, args: string[], options?: SpawnOptions): Promise<WebContainerProcess>;
    spawn(command: string, options?: SpawnOptions): Promise<WebContainerProcess>;
    async spawn(command: string, argsOrOptions?: string[] | SpawnOptions, maybeOptions?: SpawnOptions): Promise<WebContainerProcess> {
      const args = Array.isArray(argsOrOptions) ? argsOrOptions : [];
      const spawnOptions = (Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions) ?? {};
      const env = Object.fromEntries(Object.entries(spawnOptions.env ?? {}).map(([key, value]) => [key, String(value)]));
      const process = await this.sandbox.spawn(command, args, {
        env,
        ...(spawnOptions.cwd !== undefined ? { cwd: spawnOptions.cwd } : {}),
        ...(spawnOptions.terminal ? { terminal: spawnOptions.terminal } : {}),
      });
      return {
        output: spawnOptions.output === false ? new ReadableStream<string>() : process.output,
        input: process.input,
        exit: process.exit,
        kill: () => process.kill(),
        resize: (dimensions) => process.resize?.(dimensions),
      };
    }

    on(event: 'port', listener: PortListener): Unsubscribe;
    on(event: 'server-ready', listener: ServerReadyListener): Unsubscribe;
    on(event: 'error', listener: ErrorListener): Unsubscribe;
    on(event: 'port' | 'server-ready' | 'error', listener: PortListener | ServerReadyListener | ErrorListener): Unsubscribe {
      if (event === 'port') return this.sandbox.onPort(({ port, type, url }) => (listener as PortListener)(port, type, url));
      if (event === 'server-ready') {
        return this.sandbox.onPort(({ port, type, url }) => type === 'open' && (listener as ServerReadyListener)(port, url));
      }
      return this.sandbox.onError((error) => (listener as ErrorListener)({ message: error.message }));
    }

    async mount(tree: FileSystemTree | Uint8Array | ArrayBuffer, options?: { mountPoint?: string }): Promise<void> {
      if (tree instanceof Uint8Array || tree instanceof ArrayBuffer) {
        this.mountedSnapshots.push(readSnapshotIndex(tree));
        return;
      }
      await this.sandbox.mount(withoutSymlinks(tree), options);
    }

    teardown(): void {
      if (current === this) current = null;
      this.tornDown = this.sandbox.teardown();
    }
  }

  return Double;
}

/** Top-level names and file count of a snapshot; throws like a real mount would on anything else. */
export interface SnapshotSummary {
  topLevel: string[];
  files: number;
}

type SnapshotNode = { d: Record<string, SnapshotNode> } | { f: { c: Uint8Array } };

function readSnapshotIndex(binary: Uint8Array | ArrayBuffer): SnapshotSummary {
  const index = decode(binary instanceof ArrayBuffer ? new Uint8Array(binary) : binary) as SnapshotNode;
  if (!index || typeof index !== 'object' || !('d' in index)) throw new Error('not a WebContainer snapshot: the root is not a directory');
  const count = (node: SnapshotNode): number => {
    if ('f' in node) {
      if (!(node.f.c instanceof Uint8Array)) throw new Error('not a WebContainer snapshot: a file without contents');
      return 1;
    }
    return Object.values(node.d).reduce((total, child) => total + count(child), 0);
  };
  return { topLevel: Object.keys(index.d), files: count(index) };
}

function withoutSymlinks(tree: FileSystemTree): SandboxTree {
  const out: SandboxTree = {};
  for (const [name, node] of Object.entries(tree)) {
    if ('directory' in node) out[name] = { directory: withoutSymlinks(node.directory) };
    else if ('contents' in node.file) out[name] = { file: { contents: node.file.contents } };
    else throw new Error(`the double cannot mount the symlink '${name}'`);
  }
  return out;
}
