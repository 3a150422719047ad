/**
 * The local cloud's read side, for the site's telemetry views and for curious learners:
 *   GET /workshop/spans?service=&traceId=&name=&since=&until=&after=&limit=   → { spans, lastSeq, size, evicted }
 *   GET /workshop/events?service=&after=                                      → Server-Sent Events, `event: spans`
 *   GET /workshop/stats                                                       → receiver counters
 * `since`/`until` are ms since the epoch on the receiver's clock; `after` is a sequence number (`lastSeq`,
 * or the SSE event id) so a poller never misses or repeats a span.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitViewRequest } from './view-access.ts';
import type { OtlpStats } from './otlp/receiver.ts';
import { serviceNameOf, type StoredSpan } from './otlp/span-model.ts';
import { replayLimit, serveFeed } from './store/sse-feed.ts';
import type { SpanQuery, SpanStore } from './store/span-store.ts';

const defaultLimit = 500;

export function createQueryApi(spans: SpanStore, stats: () => OtlpStats): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/workshop/')) return false;
    if (!admitViewRequest(req, res)) return true;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET', 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 12, message: 'GET only' }));
      return true;
    }
    switch (url.pathname) {
      case '/workshop/spans':
        return sendJson(res, 200, listSpans(spans, url.searchParams));
      case '/workshop/stats':
        return sendJson(res, 200, { ...stats(), stored: spans.size, evicted: spans.evicted, capacity: spans.capacity, lastSeq: spans.lastSeq });
      case '/workshop/events':
        streamEvents(spans, url.searchParams, req, res);
        return true;
      default:
        return sendJson(res, 404, { code: 5, message: `unknown path ${url.pathname}` });
    }
  };
}

function listSpans(spans: SpanStore, params: URLSearchParams): unknown {
  const query: SpanQuery = { limit: clampLimit(params.get('limit')) };
  const service = params.get('service');
  const traceId = params.get('traceId');
  const name = params.get('name');
  if (service) query.service = service;
  if (traceId) query.traceId = traceId;
  if (name) query.name = name;
  const since = numberParam(params.get('since'));
  const until = numberParam(params.get('until'));
  const after = numberParam(params.get('after'));
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (after !== undefined) query.afterSeq = after;
  const records = spans.find(query);
  return { spans: records.map((r) => ({ seq: r.seq, ...r.value })), lastSeq: spans.lastSeq, size: spans.size, evicted: spans.evicted };
}

function streamEvents(spans: SpanStore, params: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
  const service = params.get('service') || undefined;
  serveFeed<StoredSpan>(req, res, params, {
    event: 'spans',
    select: (batch) => (service === undefined ? batch : batch.filter((r) => serviceNameOf(r.value) === service)),
    toJson: (r) => ({ seq: r.seq, ...r.value }),
    replay: (afterSeq) => spans.find({ afterSeq, limit: replayLimit }).reverse(),
    subscribe: (listener) => spans.subscribe(listener),
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  return true;
}

function clampLimit(value: string | null): number {
  const n = numberParam(value);
  return n === undefined || n < 1 ? defaultLimit : Math.min(Math.floor(n), 10_000);
}

function numberParam(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

