/**
 * The math behind the waterfall: the span tree of one trace, the rows visible with some subtrees collapsed, where
 * each bar sits on the shared time axis, and the axis ticks. Pure functions, so they are unit-tested without a DOM.
 */
import { nanosToMicros, serviceOf, type SpanJson } from './span.ts';

export interface SpanNode {
  span: SpanJson;
  startUs: number;
  endUs: number;
  children: SpanNode[];
  /** The span names a parent that has not arrived (or never will): shown at the top level, marked. */
  orphan: boolean;
  /** Spans below this one, at any depth. */
  descendants: number;
}

export interface SpanTree {
  roots: SpanNode[];
  startUs: number;
  endUs: number;
  byId: Map<string, SpanNode>;
}

export interface WaterfallRow {
  node: SpanNode;
  depth: number;
  collapsed: boolean;
  service: string;
}

export function buildTree(spans: readonly SpanJson[]): SpanTree {
  const byId = new Map<string, SpanNode>();
  for (const span of spans) {
    const startUs = nanosToMicros(span.startTimeUnixNano);
    byId.set(span.spanId, { span, startUs, endUs: Math.max(startUs, nanosToMicros(span.endTimeUnixNano)), children: [], orphan: false, descendants: 0 });
  }
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else {
      node.orphan = Boolean(parentId);
      roots.push(node);
    }
  }
  // Broken data can hold a parent cycle (A→B→A): no node of it reaches a root, so it would vanish. Detach one
  // member of each unreached cycle and show it as an orphan, so every span stays visible.
  const reached = new Set<SpanNode>();
  const mark = (start: SpanNode) => {
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop() as SpanNode;
      if (reached.has(node)) continue;
      reached.add(node);
      stack.push(...node.children);
    }
  };
  roots.forEach(mark);
  for (const node of byId.values()) {
    if (reached.has(node)) continue;
    const parent = node.span.parentSpanId ? byId.get(node.span.parentSpanId) : undefined;
    if (parent) parent.children = parent.children.filter((child) => child !== node);
    node.orphan = true;
    roots.push(node);
    mark(node);
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.startUs - b.startUs || a.span.name.localeCompare(b.span.name);
  roots.sort(byStart);
  let startUs = Infinity;
  let endUs = -Infinity;
  // Iterative post-order: a 10,000-deep chain must not overflow the call stack.
  const order: SpanNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as SpanNode;
    order.push(node);
    node.children.sort(byStart);
    stack.push(...node.children);
    startUs = Math.min(startUs, node.startUs);
    endUs = Math.max(endUs, node.endUs);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as SpanNode;
    node.descendants = node.children.reduce((sum, child) => sum + 1 + child.descendants, 0);
  }
  return { roots, startUs: byId.size > 0 ? startUs : 0, endUs: byId.size > 0 ? endUs : 0, byId };
}

/** Depth-first rows in start order, skipping what lies under a collapsed span. */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<string>): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  const stack: Array<{ node: SpanNode; depth: number }> = [];
  for (let i = tree.roots.length - 1; i >= 0; i--) stack.push({ node: tree.roots[i] as SpanNode, depth: 0 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: SpanNode; depth: number };
    const isCollapsed = collapsed.has(node.span.spanId) && node.children.length > 0;
    rows.push({ node, depth, collapsed: isCollapsed, service: serviceOf(node.span) });
    if (isCollapsed) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as SpanNode, depth: depth + 1 });
  }
  return rows;
}

export interface Bar {
  /** Percent of the axis width. */
  left: number;
  width: number;
}

/** Where a span's bar sits on an axis covering [axisStartUs, axisStartUs + axisSpanUs]; never thinner than minWidth %. */
export function barFor(startUs: number, endUs: number, axisStartUs: number, axisSpanUs: number, minWidth = 0.2): Bar {
  if (axisSpanUs <= 0) return { left: 0, width: 100 };
  const width = clamp(((endUs - startUs) / axisSpanUs) * 100, minWidth, 100);
  // An instant span at the very end still shows: it moves left by its minimum width rather than off the axis.
  const left = clamp(((startUs - axisStartUs) / axisSpanUs) * 100, 0, 100 - width);
  return { left, width };
}

export interface Tick {
  offsetUs: number;
  percent: number;
  label: string;
}

/** Ticks at a round step (1, 2 or 5 × 10^n µs) giving about `target` intervals over the axis. */
export function ticksFor(axisSpanUs: number, target = 5): Tick[] {
  if (!(axisSpanUs > 0)) return [{ offsetUs: 0, percent: 0, label: formatDuration(0) }];
  const rough = axisSpanUs / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: Tick[] = [];
  for (let offset = 0; offset <= axisSpanUs + step * 1e-9; offset += step) {
    ticks.push({ offsetUs: offset, percent: (offset / axisSpanUs) * 100, label: formatDuration(offset) });
  }
  return ticks;
}

/** Microseconds in the unit a reader expects: µs below 1 ms, ms below 1 s, then s. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '–';
  if (us < 1000) return `${round(us)} µs`;
  if (us < 1_000_000) return `${round(us / 1000)} ms`;
  return `${round(us / 1_000_000)} s`;
}

function round(value: number): string {
  if (value === 0) return '0';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
