/** `SandboxFileSystem` as requests over the connection. */
import type { DirEntry, SandboxFileSystem, WatchEvent, Watcher } from '../sandbox.ts';
import type { SandboxConnection } from './connection.ts';
import type { SandboxEvent } from './protocol.ts';
import { toWireData, wireDataToBytes, wireDataToText } from './wire-data.ts';

export class LocalFileSystem implements SandboxFileSystem {
  private readonly connection: SandboxConnection;
  private readonly watchListeners = new Map<number, (event: WatchEvent, filename: string) => void>();
  private nextWatchId = 1;

  constructor(connection: SandboxConnection) {
    this.connection = connection;
    connection.onEvent((event) => this.receive(event));
  }

  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf-8'): Promise<string>;
  async readFile(path: string, encoding?: 'utf-8'): Promise<Uint8Array | string> {
    const data = await this.connection.request('fs.readFile', encoding ? { path, encoding } : { path });
    return encoding ? wireDataToText(data) : wireDataToBytes(data);
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    await this.connection.request('fs.writeFile', { path, data: toWireData(data) });
  }

  readdir(path: string): Promise<string[]>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirEntry[]>;
  async readdir(path: string, options?: { withFileTypes: true }): Promise<string[] | DirEntry[]> {
    const entries = await this.connection.request('fs.readdir', { path });
    if (!options?.withFileTypes) return entries.map((entry) => entry.name);
    return entries.map((entry) => ({
      name: entry.name,
      isFile: () => entry.kind === 'file',
      isDirectory: () => entry.kind === 'directory',
    }));
  }

  async mkdir(path: string, options?: { recursive?: boolean }): Promise<void> {
    await this.connection.request('fs.mkdir', { path, recursive: options?.recursive === true });
  }

  async rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> {
    await this.connection.request('fs.rm', { path, recursive: options?.recursive === true, force: options?.force === true });
  }

  async rename(from: string, to: string): Promise<void> {
    await this.connection.request('fs.rename', { from, to });
  }

  /** Synchronous like the interface; a watch the server refuses (missing path) just never fires. */
  watch(path: string, options: { recursive?: boolean }, listener: (event: WatchEvent, filename: string) => void): Watcher {
    const watchId = this.nextWatchId++;
    this.watchListeners.set(watchId, listener);
    this.connection.request('fs.watch', { watchId, path, recursive: options.recursive === true }).catch(() => {
      this.watchListeners.delete(watchId);
    });
    return {
      close: () => {
        if (!this.watchListeners.delete(watchId)) return;
        this.connection.request('fs.unwatch', { watchId }).catch(() => {});
      },
    };
  }

  private receive(event: SandboxEvent): void {
    if (event.type === 'fs-watch') this.watchListeners.get(event.watchId)?.(event.event, event.filename);
  }
}
