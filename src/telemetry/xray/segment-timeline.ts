/**
 * A trace's segments and subsegments as timeline rows (the X-Ray console's segment timeline): depth-first,
 * parents before children, each with its offset and duration relative to the trace start, its flags and the node
 * itself for the details tabs. Segments of downstream services sit under the subsegment that called them.
 */
import type { TraceDetail, XrayNode } from './wire-xray.ts';

export interface TimelineRow {
  node: XrayNode;
  depth: number;
  kind: 'segment' | 'subsegment';
  /** Service (segment) this row belongs to. */
  service: string;
  offsetMs: number;
  /** Undefined while in progress. */
  durationMs: number | undefined;
  status: 'ok' | 'error' | 'fault' | 'throttle' | 'in progress';
  httpStatus: number | undefined;
}

export interface Timeline {
  rows: TimelineRow[];
  /** Trace start, epoch seconds. */
  start: number;
  totalMs: number;
}

const maxDepth = 128;

export function segmentTimeline(trace: Pick<TraceDetail, 'segments' | 'orphans'>): Timeline {
  const tops = [...trace.segments, ...trace.orphans];
  const start = Math.min(...tops.map((t) => t.start_time));
  let end = start;
  // A downstream service's segment names the calling subsegment as its parent: draw it there.
  const children = new Map<string, XrayNode[]>();
  const placed = new Set<XrayNode>();
  const ids = new Set<string>();
  for (const top of tops) walk(top, (n) => ids.add(n.id));
  for (const top of tops) {
    if (top.parent_id === undefined || !ids.has(top.parent_id)) continue;
    const list = children.get(top.parent_id) ?? [];
    list.push(top);
    children.set(top.parent_id, list);
    placed.add(top);
  }
  const rows: TimelineRow[] = [];
  const visit = (node: XrayNode, depth: number, service: string, kind: TimelineRow['kind']): void => {
    if (depth > maxDepth) return;
    const durationMs = typeof node.end_time === 'number' && node.in_progress !== true ? (node.end_time - node.start_time) * 1000 : undefined;
    if (typeof node.end_time === 'number') end = Math.max(end, node.end_time);
    rows.push({ node, depth, kind, service, offsetMs: (node.start_time - start) * 1000, durationMs, status: statusOf(node), httpStatus: node.http?.response?.status });
    const subs = [...(node.subsegments ?? [])].sort((a, b) => a.start_time - b.start_time);
    for (const sub of subs) visit(sub, depth + 1, service, 'subsegment');
    for (const called of (children.get(node.id) ?? []).sort((a, b) => a.start_time - b.start_time)) visit(called, depth + 1, called.name, called.type === 'subsegment' ? 'subsegment' : 'segment');
  };
  for (const top of tops.filter((t) => !placed.has(t)).sort((a, b) => a.start_time - b.start_time)) visit(top, 0, top.name, top.type === 'subsegment' ? 'subsegment' : 'segment');
  return { rows, start, totalMs: Math.max(0.001, (end - start) * 1000) };
}

export function statusOf(node: XrayNode): TimelineRow['status'] {
  if (node.in_progress === true) return 'in progress';
  if (node.fault === true) return 'fault';
  if (node.throttle === true) return 'throttle';
  if (node.error === true) return 'error';
  return 'ok';
}

/** A node's exceptions: `cause.exceptions` (or a cause that is an exception id string, pointing elsewhere). */
export function exceptionsOf(node: XrayNode): { message: string; type: string; stack: string[]; remote: boolean }[] {
  const cause = node.cause;
  if (cause === null || typeof cause !== 'object') return [];
  const list = (cause as { exceptions?: unknown }).exceptions;
  if (!Array.isArray(list)) return [];
  return list.map((raw) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const stack = Array.isArray(e['stack']) ? (e['stack'] as Record<string, unknown>[]).map((f) => `${String(f['label'] ?? '?')} (${String(f['path'] ?? '?')}:${String(f['line'] ?? '?')})`) : [];
    return { message: String(e['message'] ?? ''), type: String(e['type'] ?? 'Error'), stack, remote: e['remote'] === true };
  });
}

function walk(node: XrayNode, visit: (n: XrayNode) => void, depth = 0): void {
  visit(node);
  if (depth < maxDepth) for (const sub of node.subsegments ?? []) walk(sub, visit, depth + 1);
}
