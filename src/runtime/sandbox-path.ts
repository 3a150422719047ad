import { SandboxError } from './sandbox.ts';

/**
 * Normalises a sandbox path to "/a/b" ("/" for the root). Any climb above the root is refused, even
 * one that comes back down, so both providers reject the same paths the same way.
 */
export function normalizeSandboxPath(path: string): string {
  if (typeof path !== 'string' || path.includes('\0')) throw new SandboxError('bad-request', 'a path must be a string without NUL bytes');
  const segments: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) throw new SandboxError('forbidden-path', `'${path}' leaves the sandbox`);
      segments.pop();
    } else {
      segments.push(part);
    }
  }
  return `/${segments.join('/')}`;
}
