/**
 * One sandbox WebSocket: authenticate with the first message, then run requests one at a time (so a
 * client that fires writeFile then spawn without awaiting still gets them in that order), and close
 * the session when the socket goes away.
 */
import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { CLOSE_POLICY_VIOLATION } from '../runtime/local/protocol.ts';
import type { Request, SandboxEvent, ServerMessage } from '../runtime/local/protocol.ts';
import { toWireError } from './sandbox-failure.ts';
import type { Session } from './session.ts';

/** Above this many queued bytes, process output is paused until the browser catches up. */
const CONGESTED_BYTES = 8 * 1024 * 1024;
const CLOSE_INTERNAL_ERROR = 1011;

export interface SocketContext {
  token: string;
  helloTimeoutMs: number;
  createSession: (send: (event: SandboxEvent) => void, isCongested: () => boolean) => Promise<Session>;
  onSessionClosed: (session: Session) => void;
  log: (line: string) => void;
}

export function serveSandboxSocket(ws: WebSocket, context: SocketContext): void {
  let session: Session | undefined;
  let authenticated = false;
  let queue: Promise<void> = Promise.resolve();

  const sendMessage = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const helloTimer = setTimeout(() => ws.close(CLOSE_POLICY_VIOLATION, 'no hello'), context.helloTimeoutMs);

  ws.on('message', (raw, isBinary) => {
    if (isBinary) return ws.close(CLOSE_POLICY_VIOLATION, 'text messages only');
    let message: unknown;
    try {
      message = JSON.parse(raw.toString());
    } catch {
      return ws.close(CLOSE_POLICY_VIOLATION, 'malformed message');
    }
    if (!authenticated) {
      clearTimeout(helloTimer);
      if (!isValidHello(message, context.token)) return ws.close(CLOSE_POLICY_VIOLATION, 'unauthorized');
      authenticated = true;
      queue = queue.then(async () => {
        try {
          session = await context.createSession(
            (event) => sendMessage(event),
            () => ws.bufferedAmount > CONGESTED_BYTES,
          );
        } catch (error) {
          context.log(`could not create a session: ${(error as Error).message}`);
          return ws.close(CLOSE_INTERNAL_ERROR, 'session could not be created');
        }
        if (ws.readyState !== ws.OPEN) return void closeSession();
        sendMessage({ type: 'ready', services: session.services });
      });
      return;
    }
    if (!isRequest(message)) return ws.close(CLOSE_POLICY_VIOLATION, 'malformed request');
    queue = queue.then(async () => {
      if (!session) return;
      try {
        const result = await session.handle(message);
        sendMessage({ id: message.id, ok: true, result });
      } catch (error) {
        sendMessage({ id: message.id, ok: false, error: toWireError(error, pathOf(message)) });
      }
    });
  });

  const closeSession = async () => {
    const closing = session;
    session = undefined;
    if (!closing) return;
    await closing.close().catch((error: Error) => context.log(`session cleanup failed: ${error.message}`));
    context.onSessionClosed(closing);
  };

  ws.on('close', () => {
    clearTimeout(helloTimer);
    // Queued after any request in flight, so a spawn that is half done is killed too.
    queue = queue.then(closeSession);
  });
  ws.on('error', () => ws.terminate());
}

function isValidHello(message: unknown, token: string): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { type, token: given } = message as { type?: unknown; token?: unknown };
  if (type !== 'hello' || typeof given !== 'string') return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function isRequest(message: unknown): message is Request {
  if (typeof message !== 'object' || message === null) return false;
  const { id, op } = message as { id?: unknown; op?: unknown };
  return Number.isSafeInteger(id) && typeof op === 'string';
}

function pathOf(request: Request): string | undefined {
  if ('path' in request && typeof request.path === 'string') return request.path;
  if ('from' in request && typeof request.from === 'string') return request.from;
  return undefined;
}
