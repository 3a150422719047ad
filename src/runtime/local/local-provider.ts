/**
 * The local provider: the sandbox runs as real processes on the learner's machine, behind the
 * workshop server that also serves this page (`npm start`). Works in browsers and in Node 24
 * (global fetch and WebSocket), which is how the tests drive it.
 */
import { SandboxError } from '../sandbox.ts';
import type { Sandbox, SandboxProvider } from '../sandbox.ts';
import { SandboxConnection } from './connection.ts';
import { LocalSandbox } from './local-sandbox.ts';
import { SESSION_PATH, SOCKET_PATH } from './protocol.ts';
import type { SessionInfo } from './protocol.ts';

export interface LocalProviderOptions {
  /** The workshop server's origin; defaults to the page's own (the only one it answers). */
  baseUrl?: string;
}

const NOT_SERVED = 'This page is not served by the workshop server; run `npm install && npm start` and open the address it prints.';

export function createLocalProvider(options: LocalProviderOptions = {}): SandboxProvider {
  return {
    kind: 'local',
    unavailableReason() {
      if (typeof fetch !== 'function' || typeof WebSocket !== 'function') return 'This environment has no fetch or WebSocket.';
      return resolveBase(options.baseUrl) ? null : NOT_SERVED;
    },
    async boot({ timeoutMs, signal }): Promise<Sandbox> {
      const base = resolveBase(options.baseUrl);
      if (!base) throw new SandboxError('provider-unavailable', NOT_SERVED);
      const deadline = Date.now() + timeoutMs;
      const session = await fetchSession(base, timeoutMs, signal);
      const socketUrl = new URL(SOCKET_PATH, base);
      socketUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
      const { connection, services } = await SandboxConnection.open({
        url: socketUrl.href,
        token: session.token,
        timeoutMs: Math.max(1, deadline - Date.now()),
        origin: base.origin,
        ...(signal ? { signal } : {}),
      });
      return new LocalSandbox(connection, services);
    },
  };
}

/** Cheap answer to "is a workshop server behind this page?" for choosing a provider. */
export async function probeWorkshopServer(options: { baseUrl?: string; timeoutMs?: number } = {}): Promise<boolean> {
  const base = resolveBase(options.baseUrl);
  if (!base || typeof fetch !== 'function') return false;
  try {
    await fetchSession(base, options.timeoutMs ?? 1_500);
    return true;
  } catch {
    return false;
  }
}

async function fetchSession(base: URL, timeoutMs: number, signal?: AbortSignal): Promise<SessionInfo> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(new URL(SESSION_PATH, base), {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (error) {
    if (timeout.aborted) throw new SandboxError('boot-timeout', `the workshop server did not answer within ${timeoutMs} ms`);
    throw new SandboxError('provider-unavailable', `${NOT_SERVED} (${(error as Error).message})`);
  }
  if (response.status === 403) throw new SandboxError('unauthorized', 'the workshop server refused to start a session for this page');
  const body = response.ok ? ((await response.json().catch(() => null)) as Partial<SessionInfo> | null) : null;
  if (!body || body.provider !== 'local' || typeof body.token !== 'string') throw new SandboxError('provider-unavailable', NOT_SERVED);
  return { token: body.token, provider: 'local' };
}

function resolveBase(baseUrl: string | undefined): URL | null {
  const raw = baseUrl ?? (typeof location === 'undefined' ? undefined : location.href);
  if (raw === undefined) return null;
  try {
    const url = new URL('/', raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
