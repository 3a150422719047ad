/**
 * The daemon's TCP side: plain HTTP on the same port number as UDP (the SDK derives both from
 * AWS_XRAY_DAEMON_ADDRESS). The real daemon proxies whatever arrives here to the X-Ray service, signing it; the
 * stand-in answers itself with the local X-Ray API, so the SDK's `POST /GetSamplingRules` and `POST /SamplingTargets`
 * read the same rule store that `aws xray create-sampling-rule` writes.
 *
 * Plus the ingest path for runtimes without UDP (the WebContainer shim, src/kit/xray-shim/dgram-shim.cjs):
 *   POST /workshop/segments   body = ONE datagram exactly as it would go over UDP (`{"format":"json","version":1}\n{...}`)
 *   → 202 {"accepted":true,"id":...} | 400/413 {"accepted":false,"reason":...,"message":...}  (the drop is counted)
 * One datagram per request keeps the shim byte-for-byte equal to UDP; its keep-alive agent makes that cheap.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonReply, type RouteHandler, type RouteReply, type RouteRequest } from '../http-route.ts';
import { ingestDatagram } from './ingest.ts';
import { createXrayStreamRoute } from './event-stream.ts';
import { closeServer, listen, routeListener } from './route-server.ts';
import type { SegmentStore } from './segment-store.ts';

export const ingestPath = '/workshop/segments';

export function createIngestRoute(segmentStore: SegmentStore): RouteHandler {
  return async (request: RouteRequest): Promise<RouteReply | undefined> => {
    if (request.path !== ingestPath) return undefined;
    if (request.method !== 'POST') return jsonReply(405, { accepted: false, message: 'POST one datagram' }, { Allow: 'POST' });
    const result = ingestDatagram(segmentStore, request.body, 'http');
    if (result.ok) return jsonReply(202, { accepted: true, id: result.value.id });
    return jsonReply(result.reason === 'tooLarge' ? 413 : 400, { accepted: false, reason: result.reason, message: result.message });
  };
}

export interface TcpDaemon {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

export async function startTcpDaemon(options: { segmentStore: SegmentStore; api: RouteHandler; host: string; port: number }): Promise<TcpDaemon> {
  const server = createServer(routeListener([createIngestRoute(options.segmentStore), options.api], undefined, [createXrayStreamRoute(options.segmentStore)]));
  // SDK pollers keep connections alive; a stalled client must not hold a socket forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 30_000;
  await listen(server, options.port, options.host);
  return { server, port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}
