/**
 * Maps a sandbox path onto the session directory and refuses anything that would reach outside it,
 * including through symlinks (the `node_modules` link to the prebuilt dependencies is one).
 * Learner processes can still touch the host however they like; this only stops the socket API
 * — i.e. the browser — from being a file server for the rest of the machine.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SandboxFailure } from './sandbox-failure.ts';

export interface JailOptions {
  /** rm, rename and writeFile must not target the session root itself. */
  allowRoot?: boolean;
}

/** `root` must already be a real path. Returns the absolute host path for `sandboxPath`. */
export async function resolveInJail(root: string, sandboxPath: unknown, options: JailOptions = {}): Promise<string> {
  const segments = normalizeSandboxPath(sandboxPath);
  if (segments.length === 0 && !options.allowRoot) {
    throw new SandboxFailure('forbidden-path', `'${String(sandboxPath)}' is the sandbox root`);
  }
  const absolute = path.join(root, ...segments);
  await assertRealPathInside(root, absolute, String(sandboxPath));
  return absolute;
}

/** Splits a POSIX path into segments; a leading "/" means the sandbox root, as in WebContainer. */
export function normalizeSandboxPath(sandboxPath: unknown): string[] {
  if (typeof sandboxPath !== 'string') throw new SandboxFailure('bad-request', 'path must be a string');
  if (sandboxPath.includes('\0')) throw new SandboxFailure('bad-request', 'path contains a NUL byte');
  const segments: string[] = [];
  for (const part of sandboxPath.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      // Refuse any climb above the root, even one that comes back down ("a/../../root/x").
      if (segments.length === 0) throw new SandboxFailure('forbidden-path', `'${sandboxPath}' leaves the sandbox`);
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  return segments;
}

/**
 * The path itself may not exist yet (writeFile, mkdir): then its nearest existing ancestor decides.
 * A dangling symlink is refused outright, since writing through it would create its target.
 */
async function assertRealPathInside(root: string, absolute: string, shown: string): Promise<void> {
  let current = absolute;
  for (;;) {
    let exists = true;
    try {
      await lstat(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      exists = false;
    }
    if (exists) {
      let real: string;
      try {
        real = await realpath(current);
      } catch {
        throw new SandboxFailure('forbidden-path', `'${shown}' goes through a broken or looping link`);
      }
      if (real !== root && !real.startsWith(root + path.sep)) {
        throw new SandboxFailure('forbidden-path', `'${shown}' resolves outside the sandbox`);
      }
      return;
    }
    if (current === root) return;
    current = path.dirname(current);
  }
}
