/**
 * The one error type the session code throws; it becomes `{ ok: false, error }` on the wire.
 * Node errno errors are translated here so the browser sees the interface's codes, not host details.
 */
import type { SandboxErrorCode } from '../runtime/sandbox.ts';
import type { WireError } from '../runtime/local/protocol.ts';

export class SandboxFailure extends Error {
  readonly code: SandboxErrorCode;
  constructor(code: SandboxErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const ERRNO_CODES: Record<string, SandboxErrorCode> = {
  ENOENT: 'not-found',
  EEXIST: 'already-exists',
  ENOTDIR: 'not-a-directory',
  EISDIR: 'is-a-directory',
  ENOTEMPTY: 'directory-not-empty',
  EACCES: 'forbidden-path',
  EPERM: 'forbidden-path',
  ELOOP: 'forbidden-path',
  EINVAL: 'bad-request',
};

/** `sandboxPath` is what the client asked for; host paths never go back over the wire. */
export function toWireError(error: unknown, sandboxPath?: string): WireError {
  if (error instanceof SandboxFailure) return { code: error.code, message: error.message };
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof errno === 'string') {
    const code = ERRNO_CODES[errno] ?? 'internal';
    const where = sandboxPath === undefined ? '' : `, '${sandboxPath}'`;
    return { code, message: `${errno}: ${(error as Error & { syscall?: string }).syscall ?? 'operation'} failed${where}` };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
