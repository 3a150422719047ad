/**
 * The logs view's read side (also handy with curl):
 *   GET /workshop/logs/groups                                       → { groups: [...streams], stored, evicted, capacity, lastSeq, api }
 *   GET /workshop/logs/events?group=&stream=&pattern=&since=&until=&after=&limit=
 *                                                                   → { events (newest first), lastSeq, size, evicted }
 *   GET /workshop/logs/events/stream?group=&stream=&pattern=&after=  → Server-Sent Events, `event: logs`
 * `since`/`until` filter on the event timestamp (ms); `after` is a sequence number (`lastSeq`, or the SSE id);
 * `pattern` is a CloudWatch filter pattern (terms, "phrases", ?or, -not, { $.json = "..." }).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonReply, type RouteHandler } from '../http-route.ts';
import type { StreamRoute } from '../aws-port/server.ts';
import { streamStore } from '../aws-port/sse.ts';
import type { StoredRecord } from '../store/bounded-store.ts';
import type { LogsApiStats } from './api.ts';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.ts';
import type { LogStore, StoredLogEvent } from './log-store.ts';

const defaultLimit = 500;

export function createLogsQueryRoute(store: LogStore, apiStats: () => LogsApiStats): RouteHandler {
  return async (request) => {
    if (!request.path.startsWith('/workshop/logs/')) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') return jsonReply(405, { message: 'GET only' }, { Allow: 'GET' });
    if (request.path === '/workshop/logs/groups') return jsonReply(200, listGroups(store, apiStats()));
    if (request.path === '/workshop/logs/events') {
      const filter = eventFilter(request.query);
      if (typeof filter === 'string') return jsonReply(400, { message: filter });
      const live = (e: StoredLogEvent): boolean => store.isLive(e) && filter(e);
      const after = numberParam(request.query.get('after'));
      const records = store.events.query({ where: live, limit: clampLimit(request.query.get('limit')), ...(after === undefined ? {} : { afterSeq: after }) });
      return jsonReply(200, { events: records.map(toJson), lastSeq: store.events.lastSeq, size: store.events.size, evicted: store.events.evicted });
    }
    return jsonReply(404, { message: `unknown path ${request.path}` });
  };
}

/** The live tail: needs the raw response, so it is a StreamRoute. */
export function createLogsStreamRoute(store: LogStore): StreamRoute {
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== '/workshop/logs/events/stream' || req.method !== 'GET') return false;
    const filter = eventFilter(url.searchParams);
    if (typeof filter === 'string') {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: filter }));
      return true;
    }
    streamStore(req, res, store.events, { event: 'logs', filter, toJson }, url.searchParams);
    return true;
  };
}

function listGroups(store: LogStore, apiStats: LogsApiStats): unknown {
  const groups = [...store.groups.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((g) => ({
      name: g.name,
      arn: g.arn,
      creationTime: g.creationTime,
      retentionInDays: g.retentionInDays ?? null,
      streams: [...g.streams.values()]
        .sort((a, b) => (b.lastIngestionTime ?? b.creationTime) - (a.lastIngestionTime ?? a.creationTime))
        .map((s) => ({
          name: s.name,
          creationTime: s.creationTime,
          firstEventTimestamp: s.firstEventTimestamp ?? null,
          lastEventTimestamp: s.lastEventTimestamp ?? null,
          lastIngestionTime: s.lastIngestionTime ?? null,
          eventCount: s.eventCount,
          storedBytes: s.storedBytes,
        })),
    }));
  return { groups, stored: store.events.size, evicted: store.events.evicted, capacity: store.events.capacity, lastSeq: store.events.lastSeq, api: apiStats };
}

/** A predicate for the query, or an error message for a bad pattern. */
function eventFilter(params: URLSearchParams): ((e: StoredLogEvent) => boolean) | string {
  const group = params.get('group') || undefined;
  const stream = params.get('stream') || undefined;
  const since = numberParam(params.get('since'));
  const until = numberParam(params.get('until'));
  let matches: (message: string) => boolean;
  try {
    matches = compileFilterPattern(params.get('pattern'));
  } catch (error) {
    if (error instanceof FilterPatternError) return error.message;
    throw error;
  }
  return (e) =>
    (group === undefined || e.group === group) &&
    (stream === undefined || e.stream === stream) &&
    (since === undefined || e.timestamp >= since) &&
    (until === undefined || e.timestamp <= until) &&
    matches(e.message);
}

function toJson(record: StoredRecord<StoredLogEvent>): unknown {
  const { seq, value } = record;
  return { seq, group: value.group, stream: value.stream, timestamp: value.timestamp, message: value.message, ingestionTime: value.ingestionTime };
}

function clampLimit(value: string | null): number {
  const n = numberParam(value);
  return n === undefined || n < 1 ? defaultLimit : Math.min(Math.floor(n), 10_000);
}

function numberParam(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
