/**
 * The part of `@webcontainer/api` the provider uses, as a structural type, so a test double can stand
 * in for the real class. Type-only imports: nothing here loads the library.
 */
import type {
  BootOptions,
  ErrorListener,
  FileSystemAPI,
  FileSystemTree,
  PortListener,
  ServerReadyListener,
  SpawnOptions,
  Unsubscribe,
  WebContainer,
  WebContainerProcess,
} from '@webcontainer/api';

export interface WebContainerInstance {
  fs: FileSystemAPI;
  spawn(command: string, args: string[], options?: SpawnOptions): Promise<WebContainerProcess>;
  on(event: 'port', listener: PortListener): Unsubscribe;
  on(event: 'server-ready', listener: ServerReadyListener): Unsubscribe;
  on(event: 'error', listener: ErrorListener): Unsubscribe;
  /** A tree, or a binary snapshot made with `@webcontainer/snapshot` (its buffer is transferred). */
  mount(tree: FileSystemTree | Uint8Array | ArrayBuffer, options?: { mountPoint?: string }): Promise<void>;
  teardown(): void;
}

export interface WebContainerClass {
  boot(options?: BootOptions): Promise<WebContainerInstance>;
}

/** Compile-time proof that the real class fits the surface above (no runtime cost). */
type Fits<T, U extends T> = U;
export type RealWebContainerFits = Fits<WebContainerClass, typeof WebContainer>;
