/**
 * GetServiceGraph / GetTraceGraph: the trace map. One client node per entry service (named after it, as AWS
 * does), a node per service (segment name) and per inferred downstream (subsegment with namespace `remote` or
 * `aws`), edges client → entry service → downstreams, each with ok / error / fault / throttle counts and response
 * times. A `remote` subsegment that is the parent of another service's segment becomes an edge to that service.
 */
import { accountId } from './sampling-rule.ts';
import type { SegmentDocument, SegmentNode } from './segment-doc.ts';
import { durationOf, type TraceFacts } from './trace-facts.ts';

export interface Statistics {
  OkCount: number;
  ErrorStatistics: { ThrottleCount: number; OtherCount: number; TotalCount: number };
  FaultStatistics: { OtherCount: number; TotalCount: number };
  TotalCount: number;
  TotalResponseTime: number;
}

export interface HistogramEntry {
  Value: number;
  Count: number;
}

export interface GraphEdge {
  ReferenceId: number;
  StartTime: number;
  EndTime: number;
  SummaryStatistics: Statistics;
  ResponseTimeHistogram: HistogramEntry[];
  Aliases: never[];
}

export interface GraphService {
  ReferenceId: number;
  Name: string;
  Names: string[];
  Root?: boolean;
  AccountId?: string;
  Type: string;
  State: string;
  StartTime: number;
  EndTime: number;
  Edges: GraphEdge[];
  SummaryStatistics?: Statistics;
  DurationHistogram: HistogramEntry[];
  ResponseTimeHistogram: HistogramEntry[];
}

class Tally {
  ok = 0;
  errorOther = 0;
  throttle = 0;
  fault = 0;
  total = 0;
  responseTime = 0;
  start = Number.POSITIVE_INFINITY;
  end = Number.NEGATIVE_INFINITY;
  histogram = new Map<number, number>();

  add(doc: SegmentNode): void {
    this.total += 1;
    if (doc.fault === true) this.fault += 1;
    else if (doc.throttle === true) this.throttle += 1;
    else if (doc.error === true) this.errorOther += 1;
    else this.ok += 1;
    this.start = Math.min(this.start, doc.start_time);
    this.end = Math.max(this.end, typeof doc.end_time === 'number' ? doc.end_time : doc.start_time);
    const duration = durationOf(doc);
    if (duration === undefined) return;
    this.responseTime += duration;
    // Millisecond buckets: enough to draw a distribution without one entry per request.
    const bucket = Math.round(duration * 1000) / 1000;
    this.histogram.set(bucket, (this.histogram.get(bucket) ?? 0) + 1);
  }

  statistics(): Statistics {
    return {
      OkCount: this.ok,
      ErrorStatistics: { ThrottleCount: this.throttle, OtherCount: this.errorOther, TotalCount: this.throttle + this.errorOther },
      FaultStatistics: { OtherCount: this.fault, TotalCount: this.fault },
      TotalCount: this.total,
      TotalResponseTime: Math.round(this.responseTime * 1e6) / 1e6,
    };
  }

  histogramEntries(): HistogramEntry[] {
    return [...this.histogram].sort((a, b) => a[0] - b[0]).map(([Value, Count]) => ({ Value, Count }));
  }
}

interface NodeBuild {
  ref: number;
  name: string;
  kind: 'client' | 'service' | 'inferred';
  type: string;
  root: boolean;
  tally: Tally;
  edges: Map<string, Tally>;
}

export interface GraphInput {
  facts: TraceFacts;
  /** The trace's top-level segments (trace-assembly.ts). */
  segments: readonly SegmentDocument[];
}

export function serviceGraph(traces: readonly GraphInput[]): GraphService[] {
  const nodes = new Map<string, NodeBuild>();
  let nextRef = 0;
  const node = (key: string, name: string, kind: NodeBuild['kind'], type: string): NodeBuild => {
    let found = nodes.get(key);
    if (found === undefined) nodes.set(key, (found = { ref: nextRef++, name, kind, type, root: false, tally: new Tally(), edges: new Map() }));
    return found;
  };
  const edge = (from: NodeBuild, toKey: string): Tally => {
    let tally = from.edges.get(toKey);
    if (tally === undefined) from.edges.set(toKey, (tally = new Tally()));
    return tally;
  };

  for (const { facts, segments } of traces) {
    for (const segment of segments) {
      const info = facts.nodes.get(segment.name);
      const service = node(`service:${segment.name}`, segment.name, 'service', info?.type ?? segment.origin ?? 'unknown');
      service.tally.add(segment);
      if (segment === facts.root) {
        service.root = true;
        const client = node(`client:${segment.name}`, segment.name, 'client', 'client');
        client.tally.add(segment);
        edge(client, `service:${segment.name}`).add(segment);
      }
    }
    for (const call of facts.edges) {
      const target = facts.nodes.get(call.to);
      const fromNode = nodes.get(`service:${call.from}`);
      if (fromNode === undefined) continue;
      const key = target !== undefined && target.inferred ? `inferred:${call.to}` : `service:${call.to}`;
      if (target !== undefined && target.inferred) node(key, call.to, 'inferred', target.type).tally.add(call.document);
      edge(fromNode, key).add(call.document);
    }
  }

  return [...nodes.values()].map((n): GraphService => {
    const out: GraphService = {
      ReferenceId: n.ref,
      Name: n.name,
      Names: [n.name],
      Type: n.type,
      State: n.kind === 'service' ? 'active' : 'unknown',
      StartTime: n.tally.start,
      EndTime: n.tally.end,
      Edges: [...n.edges].flatMap(([key, tally]) => {
        const target = nodes.get(key);
        return target === undefined ? [] : [{ ReferenceId: target.ref, StartTime: tally.start, EndTime: tally.end, SummaryStatistics: tally.statistics(), ResponseTimeHistogram: tally.histogramEntries(), Aliases: [] }];
      }),
      DurationHistogram: n.kind === 'client' ? [] : n.tally.histogramEntries(),
      ResponseTimeHistogram: n.kind === 'client' ? [] : n.tally.histogramEntries(),
    };
    if (n.kind === 'service') {
      out.Root = n.root;
      out.AccountId = accountId;
    }
    if (n.kind !== 'client') out.SummaryStatistics = n.tally.statistics();
    return out;
  });
}
