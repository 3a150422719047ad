/**
 * X-Ray segment documents (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html): the
 * shape the SDKs send and the checks the daemon stand-in applies before storing one. Every other X-Ray module
 * reads documents through these types, so what "valid" means is decided here only.
 */

export interface HttpRequestInfo {
  method?: string;
  url?: string;
  user_agent?: string;
  client_ip?: string;
  x_forwarded_for?: boolean;
  traced?: boolean;
}

export interface HttpResponseInfo {
  status?: number;
  content_length?: number;
}

/** A segment or subsegment, top-level or nested; only top-level documents must carry trace_id. */
export interface SegmentNode {
  name: string;
  id: string;
  trace_id?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  parent_id?: string;
  type?: string;
  namespace?: string;
  origin?: string;
  user?: string;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  http?: { request?: HttpRequestInfo; response?: HttpResponseInfo };
  annotations?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  cause?: unknown;
  subsegments?: SegmentNode[];
  [field: string]: unknown;
}

/** What the daemon receives: a segment, or a subsegment sent on its own (`type: "subsegment"`, `parent_id`). */
export interface SegmentDocument extends SegmentNode {
  trace_id: string;
}

/** Why a datagram or document was refused; each has its own counter. */
export type DropReason = 'missingHeader' | 'badHeader' | 'badJson' | 'missingField' | 'badDocument' | 'tooLarge';

export const dropReasons: readonly DropReason[] = ['missingHeader', 'badHeader', 'badJson', 'missingField', 'badDocument', 'tooLarge'];

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: DropReason; message: string };

const segmentIdPattern = /^[0-9a-f]{16}$/i;
const traceIdPattern = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/i;
/** Deeper nesting than any SDK produces; the limit keeps every recursive walk over a document stack-safe. */
export const maxSubsegmentDepth = 64;

export function isSegmentId(value: unknown): value is string {
  return typeof value === 'string' && segmentIdPattern.test(value);
}

export function isTraceId(value: unknown): value is string {
  return typeof value === 'string' && traceIdPattern.test(value);
}

/** Epoch seconds encoded in a trace id (`1-<8 hex>-...`). */
export function traceIdEpoch(traceId: string): number {
  return Number.parseInt(traceId.slice(2, 10), 16);
}

/** The fields AWS requires of a top-level document (a segment, or a subsegment sent on its own). */
export function checkDocument(value: unknown): Checked<SegmentDocument> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('badDocument', 'the document must be a JSON object');
  const doc = value as Record<string, unknown>;
  const common = checkCommon(doc, '');
  if (common !== undefined) return common;
  if (!isTraceId(doc['trace_id'])) return fail('missingField', `"trace_id" must look like 1-<8 hex digits>-<24 hex digits>, got ${show(doc['trace_id'])}`);
  if (doc['type'] === 'subsegment' && !isSegmentId(doc['parent_id'])) return fail('missingField', 'a subsegment sent on its own needs "parent_id" (its parent\'s 16-hex-digit id)');
  if (doc['parent_id'] !== undefined && !isSegmentId(doc['parent_id'])) return fail('missingField', `"parent_id" must be 16 hex digits, got ${show(doc['parent_id'])}`);
  const nested = checkSubsegments(doc['subsegments'], 1);
  if (nested !== undefined) return nested;
  return { ok: true, value: doc as SegmentDocument };
}

function checkCommon(doc: Record<string, unknown>, where: string): Checked<never> | undefined {
  if (typeof doc['name'] !== 'string' || doc['name'] === '') return fail('missingField', `${where}"name" is required (a non-empty string)`);
  if (!isSegmentId(doc['id'])) return fail('missingField', `${where}"id" must be 16 hex digits, got ${show(doc['id'])}`);
  if (!isFiniteNumber(doc['start_time'])) return fail('missingField', `${where}"start_time" is required (epoch seconds)`);
  if (doc['in_progress'] !== true && !isFiniteNumber(doc['end_time'])) return fail('missingField', `${where}"end_time" (epoch seconds) or "in_progress": true is required`);
  return undefined;
}

function checkSubsegments(value: unknown, depth: number): Checked<never> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return fail('badDocument', '"subsegments" must be an array');
  if (depth > maxSubsegmentDepth) return fail('badDocument', `subsegments are nested more than ${maxSubsegmentDepth} levels deep`);
  for (const sub of value) {
    if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) return fail('badDocument', 'each subsegment must be a JSON object');
    const record = sub as Record<string, unknown>;
    const problem = checkCommon(record, 'subsegment ') ?? checkSubsegments(record['subsegments'], depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fail(reason: DropReason, message: string): { ok: false; reason: DropReason; message: string } {
  return { ok: false, reason, message };
}

/** Calls `visit` for a document and every inline subsegment below it (depth-first, parents first). */
export function walkDocument(doc: SegmentNode, visit: (node: SegmentNode, depth: number) => void, depth = 0): void {
  visit(doc, depth);
  if (!Array.isArray(doc.subsegments) || depth >= maxSubsegmentDepth * 2) return;
  for (const sub of doc.subsegments) walkDocument(sub, visit, depth + 1);
}
