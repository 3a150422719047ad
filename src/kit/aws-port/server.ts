/**
 * The local cloud's "AWS port" (4566, LocalStack's edge port): one HTTP server that carries every stand-in whose
 * real endpoint is a plain HTTPS API — CloudWatch Logs (JSON 1.1 on `POST /`), Rollbar's item API, the X-Ray API
 * — plus the workshop's read routes for the views. Stand-ins plug in as `RouteHandler`s (src/kit/http-route.ts):
 * the body is read once, capped and gunzipped (the OTLP receiver's readBody), and handlers are tried in order.
 *
 * Robustness: a handler that throws gets an AWS-shaped 500 and the server keeps serving; bad bodies get a 4xx in
 * the shape the path's clients understand (see `errorShapes`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { admitViewRequest } from '../view-access.ts';
import type { AddressInfo } from 'node:net';
import type { RouteHandler, RouteReply, RouteRequest } from '../http-route.ts';
import { BodyError, defaultMaxBodyBytes, readBody } from '../otlp/read-body.ts';
import { awsErrorReply } from './aws-error.ts';

export const defaultAwsPort = 4566;

/**
 * A route that needs the raw response (Server-Sent Events). Tried before the body is read; returns true when it
 * took the request.
 */
export type StreamRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** How errors the port itself produces (body too big, bad encoding, crash) look under a path prefix. */
export interface ErrorShape {
  prefix: string;
  reply(status: number, code: string, message: string): RouteReply;
}

export interface AwsPortOptions {
  /** Default 4566; 0 picks an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the stand-ins take arbitrary input and must not face the network. */
  host?: string;
  routes: RouteHandler[];
  streams?: StreamRoute[];
  /** Cap on the body, compressed and decompressed (default 16 MiB). */
  maxBodyBytes?: number;
  /** Path prefixes whose clients are browsers: answer CORS preflights and allow any origin. */
  corsPrefixes?: string[];
  /** First matching prefix wins; anything else gets AWS's JSON error shape. */
  errorShapes?: ErrorShape[];
  /** Where handler crashes are reported (default console.error). Never given request bodies or headers. */
  logError?: (message: string) => void;
}

export interface AwsPortStats {
  requests: number;
  /** Replies with status >= 400. */
  errors: number;
  /** Handlers that threw. */
  crashes: number;
}

export interface AwsPort {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  readonly stats: AwsPortStats;
  close(): Promise<void>;
}

export async function startAwsPort(options: AwsPortOptions): Promise<AwsPort> {
  const maxBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const corsPrefixes = options.corsPrefixes ?? ['/workshop/'];
  const logError = options.logError ?? ((message: string) => console.error(message));
  const stats: AwsPortStats = { requests: 0, errors: 0, crashes: 0 };

  const errorReply = (path: string, status: number, code: string, message: string): RouteReply => {
    const shape = options.errorShapes?.find((s) => path.startsWith(s.prefix));
    return shape !== undefined ? shape.reply(status, code, message) : awsErrorReply(code, message, status, 'application/json');
  };

  const server = createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cors = corsPrefixes.some((prefix) => url.pathname.startsWith(prefix));
    if (cors) {
      // Reads of stored telemetry are guarded; ingest paths (Rollbar's /api/1/ from browser clients) stay open.
      if (url.pathname.startsWith('/workshop/')) {
        if (!admitViewRequest(req, res)) return;
      } else res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.method === 'OPTIONS') {
        answerPreflight(req, res);
        return;
      }
    }
    try {
      for (const stream of options.streams ?? []) if (stream(req, res, url)) return;
    } catch (error) {
      crashed(error, req, res, url);
      return;
    }
    dispatch(req, res, url).catch((error: unknown) => {
      // Last resort (e.g. a reply with an invalid header): drop this connection, keep the server.
      logError(`aws-port: could not answer ${req.method ?? ''} ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
    });
  });

  async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, maxBytes);
    } catch (error) {
      if (error instanceof BodyError) {
        // The rest of an oversized body is not worth reading: answer and close the connection.
        if (error.status === 413) res.setHeader('Connection', 'close');
        const code = error.status === 413 ? 'RequestEntityTooLargeException' : error.status === 415 ? 'UnsupportedMediaTypeException' : 'SerializationException';
        send(res, errorReply(url.pathname, error.status, code, error.message));
      } else {
        // The client went away mid-body; nobody is left to answer.
        res.destroy();
      }
      return;
    }
    const request: RouteRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    try {
      for (const route of options.routes) {
        const reply = await route(request);
        if (reply !== undefined) {
          send(res, reply);
          return;
        }
      }
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string' && target !== '') {
        send(res, errorReply(url.pathname, 400, 'UnknownOperationException', `No stand-in here answers X-Amz-Target ${target}`));
      } else {
        send(res, errorReply(url.pathname, 404, 'NotFoundException', `No route for ${request.method} ${url.pathname}`));
      }
    } catch (error) {
      crashed(error, req, res, url);
    }
  }

  function crashed(error: unknown, req: IncomingMessage, res: ServerResponse, url: URL): void {
    stats.crashes += 1;
    const message = error instanceof Error ? error.message : String(error);
    // Method and path only: bodies and headers may carry tokens.
    logError(`aws-port: handler failed on ${req.method ?? ''} ${url.pathname}: ${error instanceof Error ? (error.stack ?? message) : message}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    send(res, errorReply(url.pathname, 500, 'InternalFailure', `The stand-in failed: ${message}`));
  }

  function send(res: ServerResponse, reply: RouteReply): void {
    if (reply.status >= 400) stats.errors += 1;
    if (res.headersSent) return;
    res.writeHead(reply.status, reply.headers).end(reply.body);
  }

  // SDKs keep connections alive; without caps a stalled client could hold a socket forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? defaultAwsPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    host,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets and open SSE streams would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': typeof requested === 'string' && requested !== '' ? requested : 'content-type',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  });
  res.end();
}
