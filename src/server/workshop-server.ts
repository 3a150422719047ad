/**
 * The server behind `npm start`: serves the built site and runs the local sandbox provider's
 * sessions over a WebSocket. It executes whatever code the page asks it to, so it binds loopback
 * only, checks Host on every request, and hands its per-start token only to its own pages.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { CLOSE_TRY_AGAIN_LATER, HELLO_TIMEOUT_MS, SESSION_PATH, SOCKET_PATH } from '../runtime/local/protocol.ts';
import type { SessionInfo } from '../runtime/local/protocol.ts';
import { allowedHostHeaders, formatHost, isAllowedHost, isAllowedOrigin, isLoopbackHost, isSameOriginRequest } from './host-policy.ts';
import { serveSandboxSocket } from './sandbox-socket.ts';
import { removeStaleSessions, Session } from './session.ts';
import { registerSignalCleanup } from './signal-cleanup.ts';
import { createStaticHandler } from './static-files.ts';
import type { CrossOriginIsolation } from './static-files.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkshopServerOptions {
  /** A built static site (Astro's `dist/`). */
  siteDir: string;
  /** Loopback only (127.0.0.1, ::1, localhost) unless `unsafeAllowNonLoopbackHost`. */
  host?: string;
  /** Binding anything but loopback lets anyone who can reach the port run code here once they have the token. */
  unsafeAllowNonLoopbackHost?: boolean;
  /** 0 picks a free port. */
  port?: number;
  sessionsRoot?: string;
  sandboxNodeModules?: string;
  nodeBinary?: string;
  crossOriginIsolation?: CrossOriginIsolation;
  maxProcessesPerSession?: number;
  maxSessions?: number;
  /** How long a new socket has to present the token; tests shorten it. */
  helloTimeoutMs?: number;
  /** Kill learner processes when this process gets SIGINT/SIGTERM/SIGHUP. Default true. */
  handleSignals?: boolean;
  log?: (line: string) => void;
}

export interface WorkshopServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function createWorkshopServer(options: WorkshopServerOptions): Promise<WorkshopServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.unsafeAllowNonLoopbackHost) {
    throw new Error(`refusing to bind ${host}: the workshop server runs code on this machine and binds loopback only`);
  }
  const bindHost = host.toLowerCase() === 'localhost' ? '127.0.0.1' : host;
  const log = options.log ?? (() => {});
  const sessionsRoot = path.resolve(options.sessionsRoot ?? path.join(REPO_ROOT, '.workshop-sessions'));
  const sandboxNodeModules = path.resolve(options.sandboxNodeModules ?? path.join(REPO_ROOT, 'starter-app', 'node_modules'));
  const nodeBinary = options.nodeBinary ?? process.execPath;
  const maxSessions = options.maxSessions ?? 16;
  const token = randomBytes(32).toString('hex');
  const sessions = new Set<Session>();
  let allowed: ReadonlySet<string> = new Set();

  await removeStaleSessions(sessionsRoot, log);

  const serveStatic = createStaticHandler({ siteDir: options.siteDir, crossOriginIsolation: options.crossOriginIsolation ?? 'on-request' });
  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: Error) => {
      log(`request failed: ${error.message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, allowed)) return refuse(res, 403, 'Forbidden host\n');
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === SESSION_PATH) {
      if (req.method !== 'GET') return refuse(res, 405, 'Method not allowed\n');
      if (!isSameOriginRequest(req.headers, allowed)) return refuse(res, 403, 'Cross-site request refused\n');
      const body: SessionInfo = { token, provider: 'local' };
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
      });
      res.end(JSON.stringify(body));
      return;
    }
    if (pathname.startsWith('/__workshop/')) return refuse(res, 404, 'Not found\n');
    await serveStatic(req, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== SOCKET_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (!isAllowedHost(req.headers.host, allowed)) return rejectUpgrade(socket, 403, 'Forbidden');
    // Browsers always send Origin on WebSocket handshakes; a page on another site cannot fake it.
    if (!isAllowedOrigin(req.headers.origin, allowed)) return rejectUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (sessions.size >= maxSessions) return ws.close(CLOSE_TRY_AGAIN_LATER, 'too many sessions');
      serveSandboxSocket(ws, {
        token,
        log,
        helloTimeoutMs: options.helloTimeoutMs ?? HELLO_TIMEOUT_MS,
        createSession: async (send, isCongested) => {
          const session = await Session.create({
            sessionsRoot,
            sandboxNodeModules,
            nodeBinary,
            maxProcesses: options.maxProcessesPerSession ?? 16,
            reservedPorts: new Set([port]),
            send,
            isCongested,
            log,
          });
          sessions.add(session);
          return session;
        },
        onSessionClosed: (session) => sessions.delete(session),
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4321, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHostHeaders(port, options.unsafeAllowNonLoopbackHost ? bindHost : undefined);

  const unregister =
    options.handleSignals === false ? () => {} : registerSignalCleanup(() => sessions.forEach((session) => session.closeSync()));

  let closing: Promise<void> | undefined;
  return {
    url: `http://${formatHost(bindHost)}:${port}/`,
    port,
    token,
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.terminate();
        await Promise.all([...sessions].map((session) => session.close()));
        sessions.clear();
        unregister();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

function refuse(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
