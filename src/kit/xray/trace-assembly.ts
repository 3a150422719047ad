/**
 * Puts one trace back together from what the daemon received: its segments, plus subsegments that were sent on
 * their own (`type: "subsegment"`, `parent_id`) attached under their parent, as the X-Ray backend does before
 * BatchGetTraces returns a segment's Document. Works on copies: stored documents are never mutated.
 */
import { maxSubsegmentDepth, walkDocument, type SegmentDocument, type SegmentNode } from './segment-doc.ts';

export interface AssembledTrace {
  traceId: string;
  /** Top-level segments (oldest start first), with lone subsegments attached inline. */
  segments: SegmentDocument[];
  /** Lone subsegments whose parent never arrived (or that form a cycle), with their own children attached. */
  orphans: SegmentDocument[];
  /** Earliest start_time of a segment or orphan (epoch seconds). */
  startTime: number;
  /** Latest end_time, when anything has ended. */
  endTime: number | undefined;
  /** Some segment or subsegment is still `in_progress`. */
  inProgress: boolean;
}

interface Queued {
  node: SegmentNode;
  depth: number;
}

export function assembleTrace(traceId: string, documents: readonly SegmentDocument[]): AssembledTrace {
  const byStart = (a: SegmentDocument, b: SegmentDocument): number => a.start_time - b.start_time;
  const segments = documents.filter((d) => d.type !== 'subsegment').map((d) => structuredClone(d)).sort(byStart);
  const lone = documents.filter((d) => d.type === 'subsegment').map((d) => structuredClone(d)).sort(byStart);
  const waiting = new Map<string, SegmentDocument[]>();
  for (const sub of lone) {
    const parent = sub.parent_id ?? '';
    const list = waiting.get(parent);
    if (list === undefined) waiting.set(parent, [sub]);
    else list.push(sub);
  }
  const attached = new Set<SegmentDocument>();
  attachFrom(segments, waiting, attached);

  // Lone subsegments whose parent is nowhere in the trace become roots of their own, so their children still nest.
  const knownIds = new Set<string>();
  for (const segment of segments) walkDocument(segment, (node) => knownIds.add(node.id));
  for (const sub of lone) walkDocument(sub, (node) => knownIds.add(node.id));
  const orphanRoots = lone.filter((sub) => !attached.has(sub) && !knownIds.has(sub.parent_id ?? ''));
  for (const root of orphanRoots) attached.add(root);
  attachFrom(orphanRoots, waiting, attached);
  // Whatever is left points at a parent in a cycle; list it flat rather than lose it.
  const orphans = [...orphanRoots, ...lone.filter((sub) => !attached.has(sub))];

  let startTime = Number.POSITIVE_INFINITY;
  let endTime: number | undefined;
  let inProgress = false;
  for (const top of [...segments, ...orphans]) {
    startTime = Math.min(startTime, top.start_time);
    walkDocument(top, (node) => {
      if (node.in_progress === true) inProgress = true;
      if (typeof node.end_time === 'number' && (endTime === undefined || node.end_time > endTime)) endTime = node.end_time;
    });
  }
  return { traceId, segments, orphans, startTime: Number.isFinite(startTime) ? startTime : 0, endTime, inProgress };
}

function attachFrom(roots: readonly SegmentDocument[], waiting: Map<string, SegmentDocument[]>, attached: Set<SegmentDocument>): void {
  const queue: Queued[] = [];
  for (const root of roots) walkDocument(root, (node, depth) => queue.push({ node, depth }));
  for (let i = 0; i < queue.length; i++) {
    const { node, depth } = queue[i] as Queued;
    const children = waiting.get(node.id);
    // The depth cap keeps later recursive walks (and JSON.stringify) stack-safe however long a chain gets.
    if (children === undefined || depth >= maxSubsegmentDepth) continue;
    waiting.delete(node.id);
    for (const child of children) {
      const inline = (node.subsegments ??= []);
      const same = inline.findIndex((s) => s.id === child.id);
      if (same >= 0) {
        // The SDK streams a closed subsegment separately; prefer whichever copy is complete.
        if (inline[same]?.in_progress === true && child.in_progress !== true) inline[same] = child;
        else {
          attached.add(child);
          continue;
        }
      } else {
        inline.push(child);
      }
      attached.add(child);
      walkDocument(child, (sub, d) => queue.push({ node: sub, depth: depth + 1 + d }));
    }
  }
}
