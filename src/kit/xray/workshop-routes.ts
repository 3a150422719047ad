/**
 * The workshop's own read routes for X-Ray data (the site's X-Ray views, the checks, curious learners):
 *
 *   GET /workshop/xray/segments?traceId=&service=&name=&kind=&since=&until=&from=&to=&after=&limit=
 *         → { segments: [{ seq, ...StoredSegment }], lastSeq, size, evicted }   (newest first)
 *   GET /workshop/xray/traces?limit=&filter=&group=
 *                                               → { traces: [TraceSummary], lastSeq, scanned }  (newest first); `filter` is
 *                                                 an X-Ray filter expression, `group` a group's name (its expression
 *                                                 applies too); a bad expression → 400 { message } naming the position
 *   GET /workshop/xray/graph?filter=&group=&limit=  → { services: [GraphService] } (GetServiceGraph's shape) over the
 *                                                 newest `limit` traces that match
 *   GET /workshop/xray/groups                   → { groups: [Group] }
 *   GET /workshop/xray/rules                    → { rules: [SamplingRuleRecord], reported }
 *   GET /workshop/xray/traces/<trace id>       → { traceId, summary, segments, orphans }  (404 if unknown)
 *   GET /workshop/xray/events?after=&service=&wait=   Server-Sent Events, `event: segments`
 *   GET /workshop/xray/stats                    → ingest counters (incl. dropped datagrams by reason), sizes,
 *                                                 sampling statistics the SDKs reported
 *
 * `since`/`until` are receiver-clock ms (as in the OTLP query API); `from`/`to` are document times in epoch
 * seconds (as in the X-Ray API). The route contract (http-route.ts) answers with one finished body, so the event
 * route is a long poll in SSE format: it waits up to `wait` ms (default 15 s) for news, answers, and the browser's
 * EventSource reconnects after `retry` with Last-Event-ID, so nothing is missed or repeated.
 */
import { jsonReply, type RouteHandler, type RouteReply, type RouteRequest } from '../http-route.ts';
import type { StoredRecord } from '../store/bounded-store.ts';
import { AwsError } from './aws-error.ts';
import { matchesFilter, parseFilterExpression, type FilterContext, type FilterNode } from './filter-expression.ts';
import type { GroupStore } from './group-store.ts';
import { serviceGraph } from './service-graph.ts';
import type { AssembledTrace } from './trace-assembly.ts';
import type { TraceFacts } from './trace-facts.ts';
import type { RuleStore } from './rule-store.ts';
import type { SegmentQuery, SegmentStore, StoredSegment } from './segment-store.ts';
import { traceFacts } from './trace-facts.ts';
import { traceSummary } from './trace-summary.ts';

const prefix = '/workshop/xray/';
const defaultLimit = 500;
const defaultWaitMs = 15_000;
const maxWaitMs = 25_000;
const reconnectMs = 500;

export interface WorkshopRouteOptions {
  segmentStore: SegmentStore;
  ruleStore: RuleStore;
  groupStore: GroupStore;
  extraStats?: () => Record<string, unknown>;
}

export function createWorkshopRoutes(options: WorkshopRouteOptions): RouteHandler {
  const { segmentStore } = options;
  return async (request: RouteRequest): Promise<RouteReply | undefined> => {
    if (!request.path.startsWith(prefix)) return undefined;
    // CORS and the loopback/origin policy are applied by the port in front (src/kit/view-access.ts).
    const cors = {};
    if (request.method !== 'GET' && request.method !== 'HEAD') return jsonReply(405, { message: 'GET only' }, { ...cors, Allow: 'GET' });
    const route = request.path.slice(prefix.length);
    const params = request.query;
    if (route === 'segments') return jsonReply(200, listSegments(segmentStore, params), cors);
    if (route === 'traces' || route === 'graph') {
      let found: { trace: AssembledTrace; facts: TraceFacts }[];
      try {
        found = matchingTraces(options, params);
      } catch (error) {
        if (error instanceof AwsError) return jsonReply(400, { message: error.message }, cors);
        throw error;
      }
      if (route === 'graph') return jsonReply(200, { services: serviceGraph(found.map(({ trace, facts }) => ({ facts, segments: trace.segments }))) }, cors);
      return jsonReply(200, { traces: found.map(({ trace, facts }) => traceSummary(trace, facts)), lastSeq: segmentStore.lastSeq }, cors);
    }
    if (route === 'groups') return jsonReply(200, { groups: options.groupStore.list() }, cors);
    if (route === 'rules') return jsonReply(200, { rules: options.ruleStore.list(), reported: options.ruleStore.reportedStatistics() }, cors);
    if (route.startsWith('traces/')) {
      const id = decodeURIComponent(route.slice('traces/'.length));
      const trace = segmentStore.trace(id);
      if (trace === undefined) return jsonReply(404, { message: `no trace ${id} is stored` }, cors);
      return jsonReply(200, { traceId: trace.traceId, summary: traceSummary(trace, traceFacts(trace)), segments: trace.segments, orphans: trace.orphans, inProgress: trace.inProgress }, cors);
    }
    if (route === 'stats') return jsonReply(200, stats(options), cors);
    if (route === 'events') return await events(segmentStore, request, cors);
    return jsonReply(404, { message: `unknown path ${request.path}` }, cors);
  };
}

function listSegments(store: SegmentStore, params: URLSearchParams): unknown {
  const query: SegmentQuery = { limit: clampLimit(params.get('limit')) };
  for (const key of ['traceId', 'service', 'name'] as const) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  const kind = params.get('kind');
  if (kind === 'segment' || kind === 'subsegment') query.kind = kind;
  for (const key of ['since', 'until', 'from', 'to'] as const) {
    const value = numberParam(params.get(key));
    if (value !== undefined) query[key] = value;
  }
  const after = numberParam(params.get('after'));
  if (after !== undefined) query.afterSeq = after;
  return { segments: store.find(query).map(flatten), lastSeq: store.lastSeq, size: store.size, evicted: store.evicted };
}

/** The newest `limit` traces that match `filter` and the named group's expression; throws AwsError for bad input. */
function matchingTraces({ segmentStore, groupStore }: WorkshopRouteOptions, params: URLSearchParams): { trace: AssembledTrace; facts: TraceFacts }[] {
  const context: FilterContext = {
    groupFilter: (by, value) => {
      const group = groupStore.list().find((g) => (by === 'name' ? g.GroupName : g.GroupARN) === value);
      return group === undefined ? undefined : parseFilterExpression(group.FilterExpression ?? '');
    },
  };
  const filters: FilterNode[] = [parseFilterExpression(params.get('filter') ?? '')];
  const groupName = params.get('group');
  if (groupName) {
    const group = groupStore.get({ GroupName: groupName });
    if (group === undefined) throw new AwsError('InvalidRequestException', `Group ${JSON.stringify(groupName)} does not exist`);
    filters.push(parseFilterExpression(group.FilterExpression ?? ''));
  }
  const limit = clampLimit(params.get('limit'));
  const out: { trace: AssembledTrace; facts: TraceFacts }[] = [];
  for (const id of segmentStore.traceIds()) {
    if (out.length >= limit) break;
    const trace = segmentStore.trace(id);
    if (trace === undefined) continue;
    const facts = traceFacts(trace);
    if (filters.every((f) => matchesFilter(f, facts, context))) out.push({ trace, facts });
  }
  return out;
}

function stats(options: WorkshopRouteOptions): unknown {
  const { segmentStore, ruleStore, groupStore } = options;
  return {
    ...segmentStore.ingestStats,
    stored: segmentStore.size,
    traces: segmentStore.traceCount,
    evicted: segmentStore.evicted,
    capacity: segmentStore.capacity,
    lastSeq: segmentStore.lastSeq,
    sampling: { rules: ruleStore.list().length, lastRuleModification: ruleStore.lastModification, reported: ruleStore.reportedStatistics() },
    groups: groupStore.list().length,
    ...(options.extraStats?.() ?? {}),
  };
}

async function events(store: SegmentStore, request: RouteRequest, cors: Record<string, string>): Promise<RouteReply> {
  const params = request.query;
  const service = params.get('service') || undefined;
  const lastEventId = request.headers['last-event-id'];
  // A first connection without a cursor starts from now; reconnects resume after Last-Event-ID.
  const after = numberParam(params.get('after')) ?? numberParam(Array.isArray(lastEventId) ? lastEventId[0] : lastEventId) ?? store.lastSeq;
  const waitMs = Math.min(numberParam(params.get('wait')) ?? defaultWaitMs, maxWaitMs);
  const pick = (records: readonly StoredRecord<StoredSegment>[]) => records.filter((r) => store.isCurrent(r) && (service === undefined || store.serviceOf(r.value) === service));

  // Oldest first, at most one page; the cursor only moves past what was looked at.
  const examined = store.find({ afterSeq: after }).reverse().slice(0, defaultLimit);
  let cursor = examined.length === defaultLimit ? (examined[defaultLimit - 1]?.seq ?? after) : Math.max(after, store.lastSeq);
  let batch = pick(examined);
  if (batch.length === 0 && waitMs > 0) {
    batch = await new Promise<StoredRecord<StoredSegment>[]>((resolve) => {
      const timer = setTimeout(() => finish([]), waitMs);
      const unsubscribe = store.subscribe((added) => {
        const chosen = pick(added);
        cursor = Math.max(cursor, added[added.length - 1]?.seq ?? cursor);
        if (chosen.length > 0) finish(chosen);
      });
      function finish(records: StoredRecord<StoredSegment>[]): void {
        clearTimeout(timer);
        unsubscribe();
        resolve(records);
      }
    });
  }
  let body = `retry: ${reconnectMs}\n`;
  body += batch.length > 0 ? `id: ${cursor}\nevent: segments\ndata: ${JSON.stringify(batch.map(flatten))}\n\n` : `id: ${cursor}\n: nothing new\n\n`;
  return { status: 200, headers: { ...cors, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }, body };
}

function flatten(record: StoredRecord<StoredSegment>): Record<string, unknown> {
  return { seq: record.seq, ...record.value };
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
