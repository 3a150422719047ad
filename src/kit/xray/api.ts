/**
 * The X-Ray API stand-in (REST-JSON, every operation a POST to its own path, as in botocore's xray 2016-04-12
 * model), as a RouteHandler for the local cloud's AWS port. `aws xray ...` and any AWS SDK pointed at the port work
 * unchanged; signatures are not checked. Also mounts the workshop's read routes (workshop-routes.ts).
 *
 *   /CreateGroup /GetGroup /Groups /UpdateGroup /DeleteGroup
 *   /CreateSamplingRule /GetSamplingRules /UpdateSamplingRule /DeleteSamplingRule /SamplingTargets
 *   /TraceSummaries /Traces /ServiceGraph /TraceGraph /TraceSegments
 */
import { jsonReply, type RouteHandler, type RouteReply, type RouteRequest } from '../http-route.ts';
import { AwsError, awsErrorReply, invalid } from './aws-error.ts';
import { pageStart, pageToken, parseBody, signedRegion, timeRange, traceIds } from './api-input.ts';
import { matchesFilter, parseFilterExpression, type FilterContext, type FilterNode } from './filter-expression.ts';
import type { GroupStore } from './group-store.ts';
import { ingestApiDocuments } from './ingest.ts';
import type { RuleStore } from './rule-store.ts';
import type { SegmentStore } from './segment-store.ts';
import { serviceGraph, type GraphInput } from './service-graph.ts';
import type { AssembledTrace } from './trace-assembly.ts';
import { traceFacts, type TraceFacts } from './trace-facts.ts';
import { traceSummary } from './trace-summary.ts';
import { createWorkshopRoutes } from './workshop-routes.ts';

export interface XrayApiOptions {
  ruleStore: RuleStore;
  segmentStore: SegmentStore;
  groupStore: GroupStore;
  /** Extra counters for GET /workshop/xray/stats (e.g. the forwarder's). */
  extraStats?: () => Record<string, unknown>;
}

interface Context {
  body: Record<string, unknown>;
  region: string;
}

type Operation = (context: Context) => unknown;

const summariesPerPage = 100;

export function createXrayApi(options: XrayApiOptions): RouteHandler {
  const operations = createOperations(options);
  const workshop = createWorkshopRoutes(options);
  return async (request: RouteRequest): Promise<RouteReply | undefined> => {
    const operation = request.method === 'POST' ? operations.get(request.path) : undefined;
    if (operation === undefined) return workshop(request);
    try {
      const body = parseBody(request.body);
      return jsonReply(200, operation({ body, region: signedRegion(request.headers) ?? options.ruleStore.region }));
    } catch (error) {
      if (error instanceof AwsError) return awsErrorReply(error);
      console.error('x-ray api: unexpected failure:', error);
      return awsErrorReply(new AwsError('InternalFailure', `The stand-in failed: ${error instanceof Error ? error.message : String(error)}`, 500));
    }
  };
}

function createOperations({ ruleStore, segmentStore, groupStore }: XrayApiOptions): Map<string, Operation> {
  const filterContext: FilterContext = {
    groupFilter: (by, value) => {
      const group = groupStore.list().find((g) => (by === 'name' ? g.GroupName : g.GroupARN) === value);
      return group === undefined ? undefined : parseFilterExpression(group.FilterExpression ?? '');
    },
  };
  const tracesIn = (start: number, end: number, filter: FilterNode): { trace: AssembledTrace; facts: TraceFacts }[] => {
    const out: { trace: AssembledTrace; facts: TraceFacts }[] = [];
    for (const id of segmentStore.traceIds()) {
      const trace = segmentStore.trace(id);
      if (trace === undefined) continue;
      // A trace is in range when any part of it overlaps the range.
      if (trace.startTime > end || (trace.endTime ?? Number.POSITIVE_INFINITY) < start) continue;
      const facts = traceFacts(trace);
      if (matchesFilter(filter, facts, filterContext)) out.push({ trace, facts });
    }
    return out;
  };
  const groupFilter = (body: Record<string, unknown>): FilterNode => {
    if (body['GroupName'] === undefined && body['GroupARN'] === undefined) return { kind: 'all' };
    const group = groupStore.get(body);
    if (group === undefined) throw invalid(`Group ${JSON.stringify(body['GroupName'] ?? body['GroupARN'])} does not exist`);
    return parseFilterExpression(group.FilterExpression ?? '');
  };
  const graphOf = (found: readonly { trace: AssembledTrace; facts: TraceFacts }[]) => serviceGraph(found.map(({ trace, facts }): GraphInput => ({ facts, segments: trace.segments })));

  return new Map<string, Operation>([
    ['/CreateGroup', ({ body, region }) => ({ Group: groupStore.create(body, region) })],
    ['/GetGroup', ({ body }) => ({ Group: requireFound(groupStore.get(body), `Group ${JSON.stringify(body['GroupName'] ?? body['GroupARN'])} does not exist`) })],
    ['/Groups', () => ({ Groups: groupStore.list() })],
    ['/UpdateGroup', ({ body }) => ({ Group: groupStore.update(body) })],
    [
      '/DeleteGroup',
      ({ body }) => {
        groupStore.delete(body);
        return {};
      },
    ],
    ['/CreateSamplingRule', ({ body, region }) => ({ SamplingRuleRecord: ruleStore.create(body['SamplingRule'], region) })],
    ['/GetSamplingRules', () => ({ SamplingRuleRecords: ruleStore.list() })],
    ['/UpdateSamplingRule', ({ body }) => ({ SamplingRuleRecord: ruleStore.update(body['SamplingRuleUpdate']) })],
    ['/DeleteSamplingRule', ({ body }) => ({ SamplingRuleRecord: ruleStore.delete(body) })],
    ['/SamplingTargets', ({ body }) => ruleStore.targets(body)],
    [
      '/TraceSummaries',
      ({ body }) => {
        const { start, end } = timeRange(body);
        const filter = parseFilterExpression(typeof body['FilterExpression'] === 'string' ? body['FilterExpression'] : '');
        const found = tracesIn(start, end, filter);
        const offset = pageStart(body);
        const page = found.slice(offset, offset + summariesPerPage);
        const result: Record<string, unknown> = {
          TraceSummaries: page.map(({ trace, facts }) => traceSummary(trace, facts)),
          ApproximateTime: Math.floor(Date.now() / 1000),
          TracesProcessedCount: found.length,
        };
        if (offset + summariesPerPage < found.length) result['NextToken'] = pageToken(offset + summariesPerPage);
        return result;
      },
    ],
    [
      '/Traces',
      ({ body }) => {
        const Traces: unknown[] = [];
        const UnprocessedTraceIds: string[] = [];
        for (const id of traceIds(body)) {
          const trace = segmentStore.trace(id);
          if (trace === undefined) {
            UnprocessedTraceIds.push(id);
            continue;
          }
          const duration = trace.endTime === undefined ? undefined : Math.round((trace.endTime - trace.startTime) * 1e6) / 1e6;
          Traces.push({
            Id: trace.traceId,
            ...(duration === undefined ? {} : { Duration: duration }),
            LimitExceeded: false,
            // Document is a JSON string, as in the real API; lone subsegments arrive attached to their parent.
            Segments: [...trace.segments, ...trace.orphans].map((doc) => ({ Id: doc.id, Document: JSON.stringify(doc) })),
          });
        }
        return { Traces, UnprocessedTraceIds };
      },
    ],
    [
      '/ServiceGraph',
      ({ body }) => {
        const { start, end } = timeRange(body);
        return { StartTime: start, EndTime: end, Services: graphOf(tracesIn(start, end, groupFilter(body))), ContainsOldGroupVersions: false };
      },
    ],
    [
      '/TraceGraph',
      ({ body }) => {
        const found: { trace: AssembledTrace; facts: TraceFacts }[] = [];
        for (const id of traceIds(body)) {
          const trace = segmentStore.trace(id);
          if (trace !== undefined) found.push({ trace, facts: traceFacts(trace) });
        }
        return { Services: graphOf(found) };
      },
    ],
    ['/TraceSegments', ({ body }) => ingestApiDocuments(segmentStore, body['TraceSegmentDocuments'])],
  ]);
}

function requireFound<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw invalid(message);
  return value;
}
