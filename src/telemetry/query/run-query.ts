/**
 * Runs a Query over span events: WHERE, then GROUP BY, then every calculation over the whole range and per time
 * bucket, plus heatmaps. Groups come ordered by the first calculation, largest first (Honeycomb's default order).
 * Each group and each bucket keeps an exemplar trace (its slowest span's) so a click can open real traces.
 */
import type { EventValue, SpanEvent } from './span-events.ts';
import { calcLabel, type Calculation, type Filter, type Query, type TimeRange } from './query-spec.ts';
import { bucketStarts, bucketWidth } from './time-buckets.ts';

export interface GroupResult {
  /** One value per GROUP BY field; null where the event lacks the field. */
  key: (EventValue | null)[];
  label: string;
  /** Per calculation, over the whole range (null for HEATMAP, or no values). */
  values: (number | null)[];
  /** Per calculation, per bucket. */
  series: (number | null)[][];
  count: number;
  /** Trace of the group's slowest span. */
  exemplarTraceId: string | undefined;
  /** Per bucket: the trace of that bucket's slowest span in this group. */
  bucketExemplars: (string | undefined)[];
}

export interface HeatmapResult {
  calcIndex: number;
  field: string;
  /** Lower edge of the first bin and the bin height, in the field's unit. */
  yMin: number;
  binSize: number;
  bins: number;
  /** counts[bucket][bin] */
  counts: number[][];
  max: number;
  /** exemplars[bucket][bin]: the slowest span's trace in that cell. */
  exemplars: (string | undefined)[][];
}

export interface QueryResult {
  range: TimeRange;
  width: number;
  buckets: number[];
  labels: string[];
  groups: GroupResult[];
  /** Groups before `limit` cut the list. */
  totalGroups: number;
  heatmaps: HeatmapResult[];
  matched: number;
  scanned: number;
}

const heatmapBins = 30;
const noValue = '(none)';

export function runQuery(events: readonly SpanEvent[], query: Query): QueryResult {
  const range = query.time ?? rangeOf(events);
  const width = bucketWidth(range.end - range.start);
  const buckets = bucketStarts(range.start, range.end, width);
  const first = buckets[0] ?? range.start;
  const matchers = query.filters.map(compileFilter);
  const keep = (e: SpanEvent): boolean => (matchers.length === 0 ? true : query.combine === 'OR' ? matchers.some((m) => m(e)) : matchers.every((m) => m(e)));

  const matched: { event: SpanEvent; bucket: number }[] = [];
  for (const event of events) {
    const t = Number(event['timestamp']);
    if (!(t >= range.start && t < range.end) || !keep(event)) continue;
    matched.push({ event, bucket: Math.min(buckets.length - 1, Math.floor((t - first) / width)) });
  }

  const byKey = new Map<string, { key: (EventValue | null)[]; members: { event: SpanEvent; bucket: number }[] }>();
  for (const m of matched) {
    const key = query.groupBy.map((f) => m.event[f] ?? null);
    const id = JSON.stringify(key);
    let group = byKey.get(id);
    if (group === undefined) byKey.set(id, (group = { key, members: [] }));
    group.members.push(m);
  }

  const groups = [...byKey.values()].map((g): GroupResult => {
    const perBucket: SpanEvent[][] = buckets.map(() => []);
    for (const m of g.members) perBucket[m.bucket]?.push(m.event);
    const all = g.members.map((m) => m.event);
    return {
      key: g.key,
      label: g.key.length === 0 ? 'all events' : g.key.map((v) => (v === null ? noValue : String(v))).join(', '),
      values: query.calculations.map((c) => calculate(c, all)),
      series: query.calculations.map((c) => perBucket.map((b) => (b.length === 0 && c.op !== 'COUNT' && c.op !== 'COUNT_DISTINCT' ? null : calculate(c, b)))),
      count: all.length,
      exemplarTraceId: slowestTrace(all),
      bucketExemplars: perBucket.map(slowestTrace),
    };
  });
  const firstCalc = query.calculations.findIndex((c) => c.op !== 'HEATMAP');
  groups.sort((a, b) => (firstCalc < 0 ? b.count - a.count : (b.values[firstCalc] ?? -Infinity) - (a.values[firstCalc] ?? -Infinity)) || a.label.localeCompare(b.label));

  const heatmaps = query.calculations.flatMap((c, i) => (c.op === 'HEATMAP' ? [heatmap(i, c.field, matched, buckets.length)] : []));
  return {
    range,
    width,
    buckets,
    labels: query.calculations.map(calcLabel),
    groups: groups.slice(0, query.limit ?? 1000),
    totalGroups: groups.length,
    heatmaps,
    matched: matched.length,
    scanned: events.length,
  };
}

/** Everything stored: from the oldest to just after the newest event. */
export function rangeOf(events: readonly SpanEvent[]): TimeRange {
  let start = Infinity;
  let end = -Infinity;
  for (const e of events) {
    const t = Number(e['timestamp']);
    if (!Number.isFinite(t)) continue;
    if (t < start) start = t;
    if (t > end) end = t;
  }
  if (start === Infinity) {
    const now = Date.now();
    return { start: now - 600_000, end: now };
  }
  return { start, end: end + 1 };
}

export function calculate(calc: Calculation, events: readonly SpanEvent[]): number | null {
  switch (calc.op) {
    case 'COUNT':
      return events.length;
    case 'COUNT_DISTINCT': {
      const seen = new Set<EventValue>();
      for (const e of events) {
        const v = e[calc.field];
        if (v !== undefined) seen.add(v);
      }
      return seen.size;
    }
    case 'HEATMAP':
      return null;
    default: {
      const values = numbersOf(events, calc.field);
      if (values.length === 0) return null;
      if (calc.op === 'SUM') return values.reduce((s, v) => s + v, 0);
      if (calc.op === 'AVG') return values.reduce((s, v) => s + v, 0) / values.length;
      values.sort((a, b) => a - b);
      if (calc.op === 'MIN') return values[0] ?? null;
      if (calc.op === 'MAX') return values[values.length - 1] ?? null;
      return percentile(values, calc.op === 'P50' ? 0.5 : calc.op === 'P95' ? 0.95 : 0.99);
    }
  }
}

/** Linear interpolation between closest ranks; `sorted` ascending and non-empty. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? a;
  return a + (b - a) * (rank - low);
}

function numbersOf(events: readonly SpanEvent[], field: string): number[] {
  const out: number[] = [];
  for (const e of events) {
    const v = e[field];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function slowestTrace(events: readonly SpanEvent[]): string | undefined {
  let best: SpanEvent | undefined;
  for (const e of events) if (best === undefined || Number(e['duration_ms']) > Number(best['duration_ms'])) best = e;
  const id = best?.['trace.trace_id'];
  return typeof id === 'string' ? id : undefined;
}

function heatmap(calcIndex: number, field: string, matched: readonly { event: SpanEvent; bucket: number }[], bucketCount: number): HeatmapResult {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { event } of matched) {
    const v = event[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) lo = hi = 0;
  const yMin = Math.min(0, lo);
  const binSize = hi > yMin ? (hi - yMin) / heatmapBins : 1;
  const counts = Array.from({ length: bucketCount }, () => new Array<number>(heatmapBins).fill(0));
  const slowest = Array.from({ length: bucketCount }, () => new Array<SpanEvent | undefined>(heatmapBins).fill(undefined));
  let max = 0;
  for (const { event, bucket } of matched) {
    const v = event[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const bin = Math.min(heatmapBins - 1, Math.floor((v - yMin) / binSize));
    const row = counts[bucket];
    const cells = slowest[bucket];
    if (row === undefined || cells === undefined) continue;
    row[bin] = (row[bin] ?? 0) + 1;
    max = Math.max(max, row[bin] ?? 0);
    const prev = cells[bin];
    if (prev === undefined || Number(event['duration_ms']) > Number(prev['duration_ms'])) cells[bin] = event;
  }
  const exemplars = slowest.map((row) => row.map((e) => (typeof e?.['trace.trace_id'] === 'string' ? e['trace.trace_id'] : undefined)));
  return { calcIndex, field, yMin, binSize, bins: heatmapBins, counts, max, exemplars };
}

/** One WHERE clause as a predicate. Numbers compare as numbers when both sides are numeric, else as text. */
export function compileFilter(filter: Filter): (event: SpanEvent) => boolean {
  const { field, op } = filter;
  const raw = filter.value.trim();
  const wanted = parseLiteral(raw);
  const list = raw.split(',').map((s) => parseLiteral(s.trim()));
  return (event) => {
    const v = event[field];
    switch (op) {
      case 'exists':
        return v !== undefined;
      case 'does-not-exist':
        return v === undefined;
      case '=':
        return v !== undefined ? same(v, wanted) : raw === '';
      case '!=':
        return v === undefined ? raw !== '' : !same(v, wanted);
      case 'in':
        return v !== undefined && list.some((w) => same(v, w));
      case 'contains':
        return v !== undefined && String(v).includes(raw);
      case 'does-not-contain':
        return v === undefined || !String(v).includes(raw);
      case 'starts-with':
        return v !== undefined && String(v).startsWith(raw);
      default: {
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
        const w = Number(raw);
        if (!Number.isFinite(n) || !Number.isFinite(w)) return false;
        return op === '>' ? n > w : op === '>=' ? n >= w : op === '<' ? n < w : n <= w;
      }
    }
  };
}

function parseLiteral(text: string): EventValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

function same(actual: EventValue, wanted: EventValue): boolean {
  if (typeof actual === typeof wanted) return actual === wanted;
  // "200" typed into the box must match the number 200 and vice versa; booleans likewise.
  return String(actual) === String(wanted);
}
