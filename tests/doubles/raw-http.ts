/**
 * Bare HTTP and WebSocket clients for the workshop server, with full control over Host and Origin
 * (fetch and the global WebSocket forbid or fill those in), to play a hostile page or a rebound DNS name.
 */
import http from 'node:http';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawGet(port: number, urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: urlPath, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** Rejects instead of hanging when a security check regresses and the expected close never comes. */
export function within<T>(promise: Promise<T>, ms = 3_000, what = 'the server to answer'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

export interface RawSocket {
  ws: WebSocket;
  /** Resolves with the close code, or with the HTTP status when the upgrade was refused. */
  outcome: Promise<{ kind: 'closed'; code: number; reason: string } | { kind: 'refused'; status: number }>;
  opened: Promise<boolean>;
  messages: unknown[];
  nextMessage(predicate?: (message: any) => boolean, timeoutMs?: number): Promise<any>;
}

export function openRawSocket(port: number, options: { host?: string; origin?: string | null; path?: string } = {}): RawSocket {
  const host = options.host ?? `127.0.0.1:${port}`;
  const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin;
  const headers: Record<string, string> = { host };
  if (origin !== null) headers.origin = origin;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/__workshop/sandbox'}`, { headers });
  const messages: unknown[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const wake of [...waiters]) wake();
  });
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('unexpected-response', () => resolve(false));
    ws.once('error', () => resolve(false));
  });
  const outcome = new Promise<{ kind: 'closed'; code: number; reason: string } | { kind: 'refused'; status: number }>((resolve) => {
    ws.once('unexpected-response', (_request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0 });
      response.resume();
    });
    ws.once('close', (code, reason) => resolve({ kind: 'closed', code, reason: reason.toString() }));
  });
  ws.on('error', () => {});
  return {
    ws,
    outcome,
    opened,
    messages,
    nextMessage(predicate = () => true, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = messages.findIndex(predicate);
          if (index === -1) return false;
          const [message] = messages.splice(index, 1);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(message);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('no matching message'));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
