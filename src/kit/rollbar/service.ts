/** The Rollbar stand-in, assembled: store + item API + the views' routes, ready for the AWS port. */
import type { RouteHandler } from '../http-route.ts';
import type { StreamRoute } from '../aws-port/server.ts';
import { createRollbarApi, type ReceivedItem, type RollbarApiStats } from './api.ts';
import { RollbarStore } from './item-store.ts';
import { createRollbarQueryRoute, createRollbarStreamRoute } from './query-routes.ts';

export interface RollbarServiceOptions {
  /** Most occurrences (and items) kept; default 10,000. */
  capacity?: number;
  now?: () => number;
  onItem?: (received: ReceivedItem) => void;
}

export interface RollbarService {
  store: RollbarStore;
  stats: RollbarApiStats;
  /** `POST /api/1/item/`, then `/workshop/rollbar/*`. */
  routes: RouteHandler[];
  streams: StreamRoute[];
}

export function createRollbarService(options: RollbarServiceOptions = {}): RollbarService {
  const store = new RollbarStore(options.capacity === undefined ? {} : { capacity: options.capacity });
  const api = createRollbarApi({
    store,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onItem === undefined ? {} : { onItem: options.onItem }),
  });
  return { store, stats: api.stats, routes: [api.handler, createRollbarQueryRoute(store, () => api.stats)], streams: [createRollbarStreamRoute(store)] };
}
