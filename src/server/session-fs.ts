/** File operations on one session directory; every path goes through the jail first. */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WireData, WireDirEntry, WireTree } from '../runtime/local/protocol.ts';
import { normalizeSandboxPath, resolveInJail } from './path-jail.ts';
import { SandboxFailure } from './sandbox-failure.ts';

export class SessionFs {
  readonly root: string;

  /** `root` must be a real path (no symlinks in it), or every check would fail. */
  constructor(root: string) {
    this.root = root;
  }

  resolve(sandboxPath: unknown, allowRoot = false): Promise<string> {
    return resolveInJail(this.root, sandboxPath, { allowRoot });
  }

  async readFile(sandboxPath: string, encoding?: 'utf-8'): Promise<WireData> {
    const bytes = await readFile(await this.resolve(sandboxPath));
    return encoding === 'utf-8' ? { text: bytes.toString('utf8') } : { base64: bytes.toString('base64') };
  }

  async writeFile(sandboxPath: string, data: WireData): Promise<void> {
    const target = await this.resolve(sandboxPath);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, decode(data));
  }

  async readdir(sandboxPath: string): Promise<WireDirEntry[]> {
    const entries = await readdir(await this.resolve(sandboxPath, true), { withFileTypes: true });
    return entries.map((entry) => ({
      name: entry.name,
      kind: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other',
    }));
  }

  async mkdir(sandboxPath: string, recursive = false): Promise<void> {
    await mkdir(await this.resolve(sandboxPath, recursive), { recursive });
  }

  async rm(sandboxPath: string, options: { recursive?: boolean; force?: boolean }): Promise<void> {
    // fs.rm removes symlinks rather than following them, so a recursive rm cannot reach outside.
    await rm(await this.resolve(sandboxPath), { recursive: options.recursive === true, force: options.force === true });
  }

  async rename(from: string, to: string): Promise<void> {
    await rename(await this.resolve(from), await this.resolve(to));
  }

  async mount(tree: WireTree, mountPoint: string = ''): Promise<void> {
    const base = normalizeMountPoint(mountPoint);
    await mkdir(await this.resolve(base, true), { recursive: true });
    await this.mountInto(base, tree);
  }

  private async mountInto(dir: string, tree: WireTree): Promise<void> {
    if (tree === null || typeof tree !== 'object') throw new SandboxFailure('bad-request', 'mount tree must be an object');
    for (const [name, node] of Object.entries(tree)) {
      if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
        throw new SandboxFailure('bad-request', `'${name}' is not a valid file name`);
      }
      const child = dir === '' ? name : `${dir}/${name}`;
      if (node !== null && typeof node === 'object' && 'directory' in node) {
        await mkdir(await this.resolve(child), { recursive: true });
        await this.mountInto(child, node.directory);
      } else if (node !== null && typeof node === 'object' && 'file' in node) {
        // Resolved per entry: an existing link inside the tree (node_modules) must not be written through.
        await writeFile(await this.resolve(child), decode(node.file));
      } else {
        throw new SandboxFailure('bad-request', `'${child}' is neither a file nor a directory (symlinks cannot be mounted)`);
      }
    }
  }
}

function normalizeMountPoint(mountPoint: unknown): string {
  return normalizeSandboxPath(mountPoint).join('/');
}

function decode(data: WireData): Buffer {
  if (data !== null && typeof data === 'object') {
    if ('text' in data && typeof data.text === 'string') return Buffer.from(data.text, 'utf8');
    if ('base64' in data && typeof data.base64 === 'string') return Buffer.from(data.base64, 'base64');
  }
  throw new SandboxFailure('bad-request', 'file data must be { text } or { base64 }');
}
