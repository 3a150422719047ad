/**
 * The Rollbar view's read side:
 *   GET /workshop/rollbar/items?environment=&level=&limit=   → { items (most recently seen first), stats, ... }
 *   GET /workshop/rollbar/items/<id>?limit=                  → { item, occurrences (newest first, with data) }
 *   GET /workshop/rollbar/events?after=                      → Server-Sent Events, `event: occurrences`
 * No route ever returns an access token: occurrences were scrubbed on the way in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonReply, type RouteHandler } from '../http-route.ts';
import type { StreamRoute } from '../aws-port/server.ts';
import { streamStore } from '../aws-port/sse.ts';
import type { StoredRecord } from '../store/bounded-store.ts';
import type { RollbarApiStats } from './api.ts';
import type { RollbarOccurrence, RollbarStore } from './item-store.ts';

export function createRollbarQueryRoute(store: RollbarStore, apiStats: () => RollbarApiStats): RouteHandler {
  return async (request) => {
    if (!request.path.startsWith('/workshop/rollbar/')) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') return jsonReply(405, { message: 'GET only' }, { Allow: 'GET' });
    if (request.path === '/workshop/rollbar/items') {
      const environment = request.query.get('environment') || undefined;
      const level = request.query.get('level') || undefined;
      const items = store
        .items()
        .filter((i) => (environment === undefined || i.environments.includes(environment)) && (level === undefined || i.level === level))
        .slice(0, limitOf(request.query.get('limit'), 500));
      return jsonReply(200, {
        items,
        itemCount: store.itemCount,
        itemsEvicted: store.itemsEvicted,
        occurrencesStored: store.occurrences.size,
        occurrencesEvicted: store.occurrences.evicted,
        capacity: store.occurrences.capacity,
        lastSeq: store.occurrences.lastSeq,
        api: apiStats(),
      });
    }
    const m = /^\/workshop\/rollbar\/items\/(\d{1,12})$/.exec(request.path);
    if (m !== null) {
      const item = store.item(Number(m[1]));
      if (item === undefined) return jsonReply(404, { message: `no item ${m[1]}` });
      const occurrences = store.occurrencesOf(item.id, limitOf(request.query.get('limit'), 100)).map(withData);
      return jsonReply(200, { item, occurrences });
    }
    return jsonReply(404, { message: `unknown path ${request.path}` });
  };
}

export function createRollbarStreamRoute(store: RollbarStore): StreamRoute {
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== '/workshop/rollbar/events' || req.method !== 'GET') return false;
    streamStore(req, res, store.occurrences, { event: 'occurrences', toJson: summary }, url.searchParams);
    return true;
  };
}

function summary(record: StoredRecord<RollbarOccurrence>): unknown {
  const { dataJson: _data, ...rest } = record.value;
  return { seq: record.seq, ...rest };
}

function withData(record: StoredRecord<RollbarOccurrence>): unknown {
  const { dataJson, ...rest } = record.value;
  return { seq: record.seq, ...rest, data: JSON.parse(dataJson) as unknown };
}

function limitOf(value: string | null, fallback: number): number {
  const n = Number(value);
  return value === null || value === '' || !Number.isFinite(n) || n < 1 ? fallback : Math.min(Math.floor(n), 10_000);
}
