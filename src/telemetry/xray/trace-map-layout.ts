/**
 * The trace map's layout: GetServiceGraph's services become nodes placed in columns by call depth (the client on
 * the left, then the entry service, then what it calls), and edges carry request counts and the ok / error /
 * fault / throttle shares the map shows as a ring and as text.
 */
import type { GraphService, Statistics } from './wire-xray.ts';

export interface Shares {
  total: number;
  ok: number;
  error: number;
  fault: number;
  throttle: number;
}

export interface MapNode {
  ref: number;
  name: string;
  type: string;
  kind: 'client' | 'service' | 'remote';
  column: number;
  row: number;
  x: number;
  y: number;
  shares: Shares;
  /** Mean response time, seconds (undefined for the client). */
  meanSeconds: number | undefined;
}

export interface MapEdge {
  from: MapNode;
  to: MapNode;
  shares: Shares;
  meanSeconds: number | undefined;
}

export interface MapLayout {
  nodes: MapNode[];
  edges: MapEdge[];
  width: number;
  height: number;
}

export const columnWidth = 200;
export const rowHeight = 110;
const margin = 60;

export function sharesOf(stats: Statistics | undefined): Shares {
  if (stats === undefined) return { total: 0, ok: 0, error: 0, fault: 0, throttle: 0 };
  return { total: stats.TotalCount, ok: stats.OkCount, error: stats.ErrorStatistics.OtherCount, throttle: stats.ErrorStatistics.ThrottleCount, fault: stats.FaultStatistics.TotalCount };
}

/** "12 requests · 2 faults (17%) · 1 error (8%)" — the map's words, so colour is never the only signal. */
export function describeShares(shares: Shares): string {
  const parts = [`${shares.total} request${shares.total === 1 ? '' : 's'}`];
  for (const [key, word] of [['fault', 'fault'], ['error', 'error'], ['throttle', 'throttled']] as const) {
    const n = shares[key];
    if (n > 0) parts.push(`${n} ${word}${n === 1 || key === 'throttle' ? '' : 's'} (${Math.round((n / Math.max(1, shares.total)) * 100)}%)`);
  }
  return parts.join(' · ');
}

export function layoutTraceMap(services: readonly GraphService[]): MapLayout {
  const byRef = new Map(services.map((s) => [s.ReferenceId, s]));
  const incoming = new Map<number, number>();
  for (const s of services) for (const e of s.Edges) incoming.set(e.ReferenceId, (incoming.get(e.ReferenceId) ?? 0) + 1);

  // Longest-path depth from the sources (clients, or anything nothing calls), breadth first; cycles stop growing.
  const depth = new Map<number, number>();
  const queue = services.filter((s) => s.Type === 'client' || !incoming.has(s.ReferenceId)).map((s) => s.ReferenceId);
  for (const ref of queue) depth.set(ref, 0);
  for (let i = 0; i < queue.length && i < services.length * services.length + 1; i++) {
    const ref = queue[i] as number;
    const d = depth.get(ref) ?? 0;
    for (const e of byRef.get(ref)?.Edges ?? []) {
      if ((depth.get(e.ReferenceId) ?? -1) >= d + 1 || d + 1 >= services.length) continue;
      depth.set(e.ReferenceId, d + 1);
      queue.push(e.ReferenceId);
    }
  }
  const rowsUsed = new Map<number, number>();
  const nodes = new Map<number, MapNode>();
  for (const s of [...services].sort((a, b) => (depth.get(a.ReferenceId) ?? 0) - (depth.get(b.ReferenceId) ?? 0) || a.Name.localeCompare(b.Name))) {
    const column = depth.get(s.ReferenceId) ?? 0;
    const row = rowsUsed.get(column) ?? 0;
    rowsUsed.set(column, row + 1);
    const stats = s.SummaryStatistics;
    nodes.set(s.ReferenceId, {
      ref: s.ReferenceId,
      name: s.Name,
      type: s.Type,
      kind: s.Type === 'client' ? 'client' : s.Type === 'remote' || s.Type.startsWith('AWS::') ? 'remote' : 'service',
      column,
      row,
      x: margin + column * columnWidth,
      y: margin + row * rowHeight,
      shares: s.Type === 'client' ? sharesOf(sumEdges(s)) : sharesOf(stats),
      meanSeconds: stats && stats.TotalCount > 0 ? stats.TotalResponseTime / stats.TotalCount : undefined,
    });
  }
  const edges: MapEdge[] = [];
  for (const s of services) {
    const from = nodes.get(s.ReferenceId);
    for (const e of s.Edges) {
      const to = nodes.get(e.ReferenceId);
      if (from === undefined || to === undefined) continue;
      const st = e.SummaryStatistics;
      edges.push({ from, to, shares: sharesOf(st), meanSeconds: st.TotalCount > 0 ? st.TotalResponseTime / st.TotalCount : undefined });
    }
  }
  const columns = Math.max(0, ...[...nodes.values()].map((n) => n.column)) + 1;
  const rows = Math.max(1, ...rowsUsed.values());
  return { nodes: [...nodes.values()], edges, width: margin * 2 + (columns - 1) * columnWidth, height: margin * 2 + (rows - 1) * rowHeight };
}

function sumEdges(s: GraphService): Statistics | undefined {
  const first = s.Edges[0];
  return first?.SummaryStatistics;
}
