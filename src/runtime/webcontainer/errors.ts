/**
 * WebContainer's fs rejects with Node-like messages ("ENOENT: no such file or directory, open
 * '/x'") but without `error.code` (stackblitz/webcontainer-core#1171), so the errno is read from
 * whichever of the two is present.
 */
import { SandboxError } from '../sandbox.ts';
import type { SandboxErrorCode } from '../sandbox.ts';

const ERRNO_CODES: Record<string, SandboxErrorCode> = {
  ENOENT: 'not-found',
  EEXIST: 'already-exists',
  ENOTDIR: 'not-a-directory',
  EISDIR: 'is-a-directory',
  ENOTEMPTY: 'directory-not-empty',
  EACCES: 'forbidden-path',
  EPERM: 'forbidden-path',
};

export function toSandboxError(error: unknown, fallback: SandboxErrorCode = 'internal'): SandboxError {
  if (error instanceof SandboxError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const declared = (error as { code?: unknown } | null)?.code;
  const errno = typeof declared === 'string' ? declared : /\b(E[A-Z]{2,})\b/.exec(message)?.[1];
  const code = (errno !== undefined ? ERRNO_CODES[errno] : undefined) ?? fallback;
  return new SandboxError(code, message);
}
