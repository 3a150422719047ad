/**
 * What the X-Ray backend derives from a trace and indexes for filter expressions, trace summaries and the service
 * graph: the entry segment, the trace's flags, its HTTP request, annotations, users, and one "node" per service
 * (a segment's name) or inferred downstream (a subsegment with namespace `remote` or `aws`).
 */
import type { AssembledTrace } from './trace-assembly.ts';
import { walkDocument, type SegmentDocument, type SegmentNode } from './segment-doc.ts';

export type AnnotationValue = string | number | boolean;

export interface NodeFacts {
  name: string;
  /** `client`-less AWS type: the segment's origin, `remote`, or `AWS::<service>` for AWS SDK calls. */
  type: string;
  inferred: boolean;
  ok: boolean;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  /** Longest duration among this node's documents, seconds. */
  responseTime: number | undefined;
}

export interface TraceFacts {
  traceId: string;
  /** The segment the trace started in (no parent, or a parent outside the trace); undefined for a trace of orphans. */
  root: SegmentDocument | undefined;
  ok: boolean;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  partial: boolean;
  http: { url?: string; status?: number; method?: string; useragent?: string; clientip?: string };
  responseTime: number | undefined;
  duration: number | undefined;
  annotations: Map<string, AnnotationValue[]>;
  users: string[];
  nodes: Map<string, NodeFacts>;
  /** Calls between nodes, `from` → `to` names, for edge() and the service graph. */
  edges: { from: string; to: string; document: SegmentNode }[];
}

export function traceFacts(trace: AssembledTrace): TraceFacts {
  const root = findRoot(trace.segments);
  const facts: TraceFacts = {
    traceId: trace.traceId,
    root,
    ok: true,
    error: false,
    fault: false,
    throttle: false,
    partial: trace.inProgress,
    http: {},
    responseTime: root !== undefined ? durationOf(root) : undefined,
    duration: trace.endTime === undefined ? undefined : round(trace.endTime - trace.startTime),
    annotations: new Map(),
    users: [],
    nodes: new Map(),
    edges: [],
  };
  const request = root?.http?.request;
  const response = root?.http?.response;
  if (typeof request?.url === 'string') facts.http.url = request.url;
  if (typeof request?.method === 'string') facts.http.method = request.method;
  if (typeof request?.user_agent === 'string') facts.http.useragent = request.user_agent;
  if (typeof request?.client_ip === 'string') facts.http.clientip = request.client_ip;
  if (typeof response?.status === 'number') facts.http.status = response.status;

  // A remote subsegment whose id is another segment's parent is a call into that (instrumented) service.
  const calledSegments = new Map<string, SegmentDocument>();
  for (const segment of trace.segments) if (segment.parent_id !== undefined) calledSegments.set(segment.parent_id, segment);

  for (const top of [...trace.segments, ...trace.orphans]) {
    const service = top.type === 'subsegment' ? undefined : top.name;
    if (service !== undefined) addNode(facts, service, top.origin ?? 'unknown', false, top);
    if (typeof top.user === 'string' && !facts.users.includes(top.user)) facts.users.push(top.user);
    walkDocument(top, (node) => {
      if (node.error === true) facts.error = true;
      if (node.fault === true) facts.fault = true;
      if (node.throttle === true) facts.throttle = true;
      collectAnnotations(facts.annotations, node.annotations);
      if (node === top || service === undefined) return;
      if (node.namespace !== 'remote' && node.namespace !== 'aws') return;
      const callee = calledSegments.get(node.id);
      const to = callee?.name ?? node.name;
      if (callee === undefined) addNode(facts, to, node.namespace === 'aws' ? awsType(node) : 'remote', true, node);
      facts.edges.push({ from: service, to, document: node });
    });
  }
  facts.ok = !facts.error && !facts.fault && !facts.throttle;
  return facts;
}

/** Seconds between start and end, or undefined while in progress. */
export function durationOf(doc: SegmentNode): number | undefined {
  return typeof doc.end_time === 'number' && doc.in_progress !== true ? round(doc.end_time - doc.start_time) : undefined;
}

function findRoot(segments: readonly SegmentDocument[]): SegmentDocument | undefined {
  const ids = new Set<string>();
  for (const segment of segments) walkDocument(segment, (node) => ids.add(node.id));
  return segments.find((s) => s.parent_id === undefined) ?? segments.find((s) => !ids.has(s.parent_id ?? '')) ?? segments[0];
}

function addNode(facts: TraceFacts, name: string, type: string, inferred: boolean, doc: SegmentNode): void {
  const node = facts.nodes.get(name) ?? { name, type, inferred, ok: true, error: false, fault: false, throttle: false, responseTime: undefined };
  if (doc.error === true) node.error = true;
  if (doc.fault === true) node.fault = true;
  if (doc.throttle === true) node.throttle = true;
  node.ok = !node.error && !node.fault && !node.throttle;
  const duration = durationOf(doc);
  if (duration !== undefined && (node.responseTime === undefined || duration > node.responseTime)) node.responseTime = duration;
  facts.nodes.set(name, node);
}

/** AWS SDK subsegments carry `aws.operation` etc.; the node type is the AWS resource kind, e.g. AWS::DynamoDB::Table. */
function awsType(doc: SegmentNode): string {
  const known: Record<string, string> = { DynamoDB: 'AWS::DynamoDB::Table', S3: 'AWS::S3::Bucket', SQS: 'AWS::SQS::Queue', SNS: 'AWS::SNS', Lambda: 'AWS::Lambda', CloudWatchLogs: 'AWS::Logs' };
  return known[doc.name] ?? `AWS::${doc.name}`;
}

function collectAnnotations(into: Map<string, AnnotationValue[]>, annotations: unknown): void {
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) return;
  for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const list = into.get(key);
    if (list === undefined) into.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  }
}

/** Microsecond precision: float subtraction noise would otherwise show up in every duration. */
function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
