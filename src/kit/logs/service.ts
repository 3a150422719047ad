/** The CloudWatch Logs stand-in, assembled: store + API handler + the views' routes, ready for the AWS port. */
import type { RouteHandler } from '../http-route.ts';
import type { StreamRoute } from '../aws-port/server.ts';
import { createLogsApi, type LogsApiStats } from './api.ts';
import type { AcceptedBatch } from './context.ts';
import { LogStore, type LogStoreOptions } from './log-store.ts';
import { createLogsQueryRoute, createLogsStreamRoute } from './query-routes.ts';

export interface LogsServiceOptions extends LogStoreOptions {
  now?: () => number;
  /** Called with every stored batch (forwarding); must not throw into ingest. */
  onPutLogEvents?: (batch: AcceptedBatch) => void;
}

export interface LogsService {
  store: LogStore;
  stats: LogsApiStats;
  /** `POST /` with `X-Amz-Target: Logs_20140328.*`, then `/workshop/logs/*`. */
  routes: RouteHandler[];
  streams: StreamRoute[];
}

export function createLogsService(options: LogsServiceOptions = {}): LogsService {
  const store = new LogStore(options);
  const onPut = options.onPutLogEvents;
  const api = createLogsApi({
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
    // A failing forwarder must never fail the learner's PutLogEvents.
    ...(onPut === undefined ? {} : { onPutLogEvents: (batch: AcceptedBatch) => safely(() => onPut(batch)) }),
  });
  return { store, stats: api.stats, routes: [api.handler, createLogsQueryRoute(store, () => api.stats)], streams: [createLogsStreamRoute(store)] };
}

function safely(action: () => void): void {
  try {
    action();
  } catch (error) {
    console.error('logs: forwarding hook failed:', error instanceof Error ? error.message : String(error));
  }
}
