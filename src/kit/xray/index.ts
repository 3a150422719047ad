/**
 * The local X-Ray: daemon stand-in (UDP segments + HTTP on the same port number for sampling and the no-UDP shim)
 * and the X-Ray API (a RouteHandler for the local cloud's AWS port). The stores are shared: a rule created through
 * the API is what SDKs fetch from the daemon; segments received by the daemon are what the API queries.
 *
 *   const stores = createXrayStores();
 *   const daemon = await startXrayDaemon({ port: 2000, ...stores });      // { udpPort, tcpPort, close() }
 *   const xrayApi = createXrayApi(stores);                                 // RouteHandler for :4566
 */
import type { RouteHandler } from '../http-route.ts';
import { createXrayApi as createApi, type XrayApiOptions } from './api.ts';
import { startTcpDaemon, type TcpDaemon } from './daemon-tcp.ts';
import { startUdpDaemon, type UdpDaemon } from './daemon-udp.ts';
import { createXrayStreamRoute, type XrayStreamRoute } from './event-stream.ts';
import { GroupStore } from './group-store.ts';
import { RuleStore } from './rule-store.ts';
import { defaultSegmentCapacity, SegmentStore } from './segment-store.ts';

export { SegmentStore, defaultSegmentCapacity } from './segment-store.ts';
export { RuleStore } from './rule-store.ts';
export { GroupStore } from './group-store.ts';
export { forwarderFromEnv, startForwarder, type Forwarder, type ForwarderStats } from './forward.ts';
export { ingestPath } from './daemon-tcp.ts';
export { createXrayStreamRoute, eventsPath, type XrayStreamRoute } from './event-stream.ts';
export { startRouteServer } from './route-server.ts';

export const defaultDaemonPort = 2000;

export interface XrayStores {
  segmentStore: SegmentStore;
  ruleStore: RuleStore;
  groupStore: GroupStore;
}

export function createXrayStores(options: { capacity?: number; region?: string } = {}): XrayStores {
  const region = options.region === undefined ? {} : { region: options.region };
  return {
    segmentStore: new SegmentStore({ capacity: options.capacity ?? defaultSegmentCapacity }),
    ruleStore: new RuleStore(region),
    groupStore: new GroupStore(region),
  };
}

export function createXrayApi(options: XrayApiOptions): RouteHandler {
  return createApi(options);
}

export interface XrayService extends XrayStores {
  /** For the AWS port: the X-Ray API paths and GET /workshop/xray/*. */
  routes: RouteHandler[];
  /** For the AWS port's raw-response routes: GET /workshop/xray/events as a live SSE stream. */
  streams: XrayStreamRoute[];
}

/** Stores + what the AWS port needs, like the logs and Rollbar services; pass the same object to startXrayDaemon. */
export function createXrayService(options: { capacity?: number; region?: string; extraStats?: () => Record<string, unknown> } = {}): XrayService {
  const stores = createXrayStores(options);
  const api = createApi({ ...stores, ...(options.extraStats ? { extraStats: options.extraStats } : {}) });
  return { ...stores, routes: [api], streams: [createXrayStreamRoute(stores.segmentStore)] };
}

export interface XrayDaemonOptions {
  /** Default 2000; 0 picks a free port (the same number for UDP and TCP when possible). */
  port?: number;
  /** Default 127.0.0.1: the daemon takes arbitrary input and must not face the network. */
  host?: string;
  ruleStore: RuleStore;
  segmentStore: SegmentStore;
  /** The daemon port answers the whole X-Ray API, as the real daemon proxies it; groups live here. */
  groupStore?: GroupStore;
  extraStats?: () => Record<string, unknown>;
  /** Default true. False (or a runtime without UDP, like WebContainer) serves only the HTTP side. */
  udp?: boolean;
}

export interface XrayDaemon {
  readonly host: string;
  /** undefined when UDP is unavailable here; then SDK segments arrive through the HTTP ingest path (the shim). */
  readonly udpPort: number | undefined;
  readonly tcpPort: number;
  /** Why there is no UDP listener, when there is none. */
  readonly udpError: string | undefined;
  close(): Promise<void>;
}

export async function startXrayDaemon(options: XrayDaemonOptions): Promise<XrayDaemon> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? defaultDaemonPort;
  const api = createApi({ ruleStore: options.ruleStore, segmentStore: options.segmentStore, groupStore: options.groupStore ?? new GroupStore({ region: options.ruleStore.region }), ...(options.extraStats ? { extraStats: options.extraStats } : {}) });
  // With port 0, retry until UDP can take the port TCP got: AWS_XRAY_DAEMON_ADDRESS=host:port names one number.
  for (let attempt = 0; ; attempt++) {
    const tcp = await startTcpDaemon({ segmentStore: options.segmentStore, api, host, port });
    if (options.udp === false) return daemon(host, tcp, undefined, 'UDP disabled');
    try {
      const udp = await startUdpDaemon({ segmentStore: options.segmentStore, host, port: tcp.port });
      return daemon(host, tcp, udp, undefined);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && port === 0 && attempt < 20) {
        await tcp.close();
        continue;
      }
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        await tcp.close();
        // Keeps the code, so a caller can fall back to port 0 exactly as for a busy TCP port.
        throw Object.assign(new Error(`x-ray daemon: UDP port ${tcp.port} on ${host} is not available (${code})`), { code });
      }
      // No UDP in this runtime (WebContainer throws from createSocket): serve HTTP only, the shim carries segments.
      return daemon(host, tcp, undefined, error instanceof Error ? error.message : String(error));
    }
  }
}

function daemon(host: string, tcp: TcpDaemon, udp: UdpDaemon | undefined, udpError: string | undefined): XrayDaemon {
  return {
    host,
    udpPort: udp?.port,
    tcpPort: tcp.port,
    udpError,
    close: async () => {
      await Promise.all([tcp.close(), udp?.close()]);
    },
  };
}
