/**
 * Serves RouteHandlers (http-route.ts) on a Node HTTP server: the daemon's TCP port uses it, and tests use it to put
 * the X-Ray API on a port before the local cloud's shared AWS-port dispatcher exists. Bodies are size-capped
 * (otlp/read-body.ts); a handler that throws answers 500 and the server keeps serving.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { admitViewRequest } from '../view-access.ts';
import type { AddressInfo } from 'node:net';
import type { RouteHandler, RouteRequest } from '../http-route.ts';
import { BodyError, readBody } from '../otlp/read-body.ts';

/** A route that needs the raw response (Server-Sent Events); tried before the body is read. */
export type StreamRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export interface RouteServerOptions {
  handlers: readonly RouteHandler[];
  streams?: readonly StreamRoute[];
  host?: string;
  port?: number;
  maxBodyBytes?: number;
}

export interface RouteServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export const defaultRouteBodyBytes = 5 * 1024 * 1024;

export function routeListener(handlers: readonly RouteHandler[], maxBodyBytes = defaultRouteBodyBytes, streams: readonly StreamRoute[] = []): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/workshop/xray/') && !admitViewRequest(req, res)) return;
      for (const stream of streams) if (stream(req, res, url)) return;
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      return;
    }
    void answer(handlers, maxBodyBytes, req, res);
  };
}

async function answer(handlers: readonly RouteHandler[], maxBodyBytes: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      // An unread upload must not be left on a keep-alive connection.
      res.writeHead(status, { 'Content-Type': 'application/json', Connection: 'close' }).end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request: RouteRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    for (const handler of handlers) {
      const reply = await handler(request);
      if (reply === undefined) continue;
      res.writeHead(reply.status, reply.headers ?? {}).end(reply.body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: `no route for ${request.method} ${request.path}` }));
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
  }
}

export async function startRouteServer(options: RouteServerOptions): Promise<RouteServer> {
  const server = createServer(routeListener(options.handlers, options.maxBodyBytes, options.streams));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  return { server, host, port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets (SDK pollers, the shim's agent) would otherwise hold close() open.
    server.closeAllConnections();
  });
}
