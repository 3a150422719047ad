/**
 * The one interface the site talks to, whichever provider runs the sandbox.
 *
 * Shaped after the subset of `@webcontainer/api` the workshop needs, so the WebContainer provider is a
 * thin adapter and the local provider (real Node processes behind `npm start`) can be swapped in.
 * Paths are POSIX, relative to the sandbox root ("backend/app.js"); a leading "/" means the same root.
 */

/** Same shape as `@webcontainer/api`'s FileSystemTree, so trees can be passed straight through. */
export interface FileSystemTree {
  [name: string]: FileNode | DirectoryNode;
}
export interface FileNode {
  file: { contents: string | Uint8Array };
}
export interface DirectoryNode {
  directory: FileSystemTree;
}

export interface DirEntry {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

export type WatchEvent = 'rename' | 'change';
export interface Watcher {
  close(): void;
}

export interface SandboxFileSystem {
  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf-8'): Promise<string>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  readdir(path: string): Promise<string[]>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirEntry[]>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** `filename` is relative to the watched path, as in WebContainer. */
  watch(path: string, options: { recursive?: boolean }, listener: (event: WatchEvent, filename: string) => void): Watcher;
}

export interface SpawnOptions {
  cwd?: string;
  /** Added to the sandbox's base environment (see `SandboxServices.env`). */
  env?: Record<string, string>;
  /** Terminal size, for processes that draw (ignored by providers without a pty). */
  terminal?: { cols: number; rows: number };
}

export interface SandboxProcess {
  /** stdout and stderr interleaved, as a terminal would show them. */
  readonly output: ReadableStream<string>;
  readonly input: WritableStream<string>;
  /** Resolves with the exit code (signals map to 128 + n, as in a shell). */
  readonly exit: Promise<number>;
  kill(): void;
  resize?(size: { cols: number; rows: number }): void;
}

/**
 * Ports differ per provider: a WebContainer has its own network namespace and keeps the bootcamp's
 * defaults (4567, 3000, 4318, 2000, 4566); the local provider allocates free host ports per session.
 * Everything that starts a process builds its environment from this map, never from literals.
 */
export interface SandboxServices {
  backendPort: number;
  frontendPort: number;
  otlpPort: number;
  xrayDaemonPort: number;
  awsApiPort: number;
  /** Host and base environment learner processes get (PATH etc.); never contains host secrets. */
  env: Record<string, string>;
}

export type PortEvent = { port: number; type: 'open' | 'close'; url: string };

export type ProviderKind = 'local' | 'webcontainer';

export interface Sandbox {
  readonly kind: ProviderKind;
  readonly fs: SandboxFileSystem;
  readonly services: SandboxServices;
  mount(tree: FileSystemTree, options?: { mountPoint?: string }): Promise<void>;
  /**
   * Present only where the sandbox has no prebuilt dependencies of its own (WebContainer): mounts the build's
   * `node_modules` snapshot (public/sandbox/node_modules.snapshot, the `@webcontainer/snapshot` format).
   * The local provider links the host's installed dependencies instead and leaves this undefined.
   */
  mountDependencies?(snapshot: Uint8Array): Promise<void>;
  spawn(command: string, args?: string[], options?: SpawnOptions): Promise<SandboxProcess>;
  /** Fires for every port a sandbox process starts or stops listening on. Returns an unsubscribe function. */
  onPort(listener: (event: PortEvent) => void): () => void;
  /** Fires when the provider loses the sandbox (socket closed, runtime crashed); the UI offers a restart. */
  onError(listener: (error: SandboxError) => void): () => void;
  /** Kills every process and releases the sandbox. */
  teardown(): Promise<void>;
}

export class SandboxError extends Error {
  readonly code: SandboxErrorCode;
  constructor(code: SandboxErrorCode, message: string) {
    super(message);
    this.name = 'SandboxError';
    this.code = code;
  }
}

export type SandboxErrorCode =
  | 'boot-timeout'
  | 'unsupported-browser'
  | 'not-cross-origin-isolated'
  | 'connection-lost'
  /** The provider cannot run on this page (no workshop server answering, not a browser...). */
  | 'provider-unavailable'
  | 'forbidden-path'
  | 'not-found'
  | 'already-exists'
  | 'not-a-directory'
  | 'is-a-directory'
  | 'directory-not-empty'
  | 'spawn-failed'
  | 'too-many-processes'
  | 'unauthorized'
  /** A malformed call (wrong argument types, unknown operation); a bug in the caller, not the learner. */
  | 'bad-request'
  | 'internal';

export interface SandboxProvider {
  readonly kind: ProviderKind;
  /** Cheap synchronous check: can this provider possibly run here? Returns a reason when it cannot. */
  unavailableReason(): string | null;
  boot(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Sandbox>;
}
