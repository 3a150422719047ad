/** An HTTP server around the OTLP handler, with room for more routes (the cloud's query API) on the same port. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOtlpHandler, type OtlpHandler, type OtlpReceiverOptions } from './receiver.ts';

/** Returns true when it answered the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface OtlpServerOptions extends OtlpReceiverOptions {
  /** Default 127.0.0.1: the receiver takes arbitrary input and must not face the network. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** More routes on the same port, tried after the OTLP paths; given the OTLP handler (for its stats). */
  routes?: (otlp: OtlpHandler) => RouteHandler[];
}

export interface OtlpServer {
  readonly server: Server;
  readonly otlp: OtlpHandler;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startOtlpServer(options: OtlpServerOptions): Promise<OtlpServer> {
  const otlp = createOtlpHandler(options);
  const routes = [otlp.handle, ...(options.routes?.(otlp) ?? [])];
  const server = createServer((req, res) => {
    try {
      for (const route of routes) if (route(req, res)) return;
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 5, message: `no route for ${req.method ?? ''} ${req.url ?? ''}` }));
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 13, message: error instanceof Error ? error.message : String(error) }));
    }
  });
  // Exporters keep connections alive; without a cap a stalled client could hold a socket forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    otlp,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets from exporters (and open SSE streams) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
