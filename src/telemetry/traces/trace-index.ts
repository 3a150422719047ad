/**
 * Groups spans into traces as they arrive (initial load, then live SSE batches) and keeps a summary per trace for
 * the trace list: root span, service, duration, span count, errors, time. Spans may arrive in any order and a
 * child often arrives before its parent (each service exports on its own schedule), so the root is re-decided on
 * every add.
 */
import { nanosToMicros, serviceOf, type SpanJson } from './span.ts';

export interface TraceSummary {
  traceId: string;
  /** The span without a parent; when the root has not arrived yet, the earliest span (and `rootMissing`). */
  rootName: string;
  rootService: string;
  rootMissing: boolean;
  services: string[];
  startUs: number;
  endUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  /** The newest arrival, for "most recent first" order. */
  lastSeq: number;
}

interface TraceEntry {
  spans: Map<string, SpanJson>;
  summary: TraceSummary;
}

export class TraceIndex {
  readonly #traces = new Map<string, TraceEntry>();
  #version = 0;

  /** Bumped on every change, so views can skip redrawing when nothing happened. */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#traces.size;
  }

  /** Adds spans (duplicates by span id are replaced, as a re-sent span would be); returns the traces touched. */
  add(spans: readonly SpanJson[]): Set<string> {
    const touched = new Set<string>();
    for (const span of spans) {
      let entry = this.#traces.get(span.traceId);
      if (!entry) {
        entry = { spans: new Map(), summary: emptySummary(span.traceId) };
        this.#traces.set(span.traceId, entry);
      }
      entry.spans.set(span.spanId, span);
      touched.add(span.traceId);
    }
    for (const traceId of touched) {
      const entry = this.#traces.get(traceId);
      if (entry) entry.summary = summarise(traceId, [...entry.spans.values()]);
    }
    if (touched.size > 0) this.#version++;
    return touched;
  }

  /** Drops the oldest traces (by newest arrival) until at most `maxSpans` remain; `keep` is never dropped. */
  prune(maxSpans: number, keep?: string): void {
    let total = 0;
    for (const entry of this.#traces.values()) total += entry.spans.size;
    if (total <= maxSpans) return;
    const oldestFirst = [...this.#traces.values()].sort((a, b) => a.summary.lastSeq - b.summary.lastSeq);
    for (const entry of oldestFirst) {
      if (total <= maxSpans) break;
      if (entry.summary.traceId === keep) continue;
      total -= entry.spans.size;
      this.#traces.delete(entry.summary.traceId);
    }
    this.#version++;
  }

  spansOf(traceId: string): SpanJson[] {
    return [...(this.#traces.get(traceId)?.spans.values() ?? [])];
  }

  summaryOf(traceId: string): TraceSummary | undefined {
    return this.#traces.get(traceId)?.summary;
  }

  has(traceId: string): boolean {
    return this.#traces.has(traceId);
  }

  /**
   * Summaries, newest arrival first, narrowed by a search text: a trace id prefix, span name or service, or
   * `field = "value"` pairs as the Query view names a group (each pair must hold for some span of the trace).
   */
  list(search = ''): TraceSummary[] {
    const needle = search.trim().toLowerCase();
    const clauses = fieldClauses(search);
    const out: TraceSummary[] = [];
    for (const { spans, summary } of this.#traces.values()) {
      if (needle === '' || (clauses ? clauses.every((clause) => someSpanHas(spans, clause)) : matches(needle, summary, spans))) out.push(summary);
    }
    return out.sort((a, b) => b.lastSeq - a.lastSeq || b.startUs - a.startUs);
  }
}

type Clause = { field: string; value: unknown };
const clausePattern = /([\w.@:-]+) = ("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null)/g;

/** `name = "x" service.name = "y"` (values as JSON) as clauses; undefined when the text is not only such pairs. */
export function fieldClauses(search: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  const rest = search.replace(clausePattern, (_, field: string, value: string) => {
    clauses.push({ field, value: JSON.parse(value) as unknown });
    return '';
  });
  return clauses.length > 0 && rest.trim() === '' ? clauses : undefined;
}

function someSpanHas(spans: Map<string, SpanJson>, { field, value }: Clause): boolean {
  for (const span of spans.values()) {
    const actual = fieldOf(span, field);
    // Query shows a missing field as null, "(none)".
    if (value === null ? actual === undefined : actual !== undefined && String(actual) === String(value)) return true;
  }
  return false;
}

/** A span's value under the Query view's (Honeycomb's) field names; attributes win over resource attributes. */
function fieldOf(span: SpanJson, field: string): unknown {
  switch (field) {
    case 'name': return span.name;
    case 'service.name': return serviceOf(span);
    case 'trace.trace_id': return span.traceId;
    case 'trace.span_id': return span.spanId;
    case 'trace.parent_id': return span.parentSpanId || undefined;
    case 'span.kind': return span.kind;
    case 'status_code': return span.status.code;
    case 'error': return span.status.code === 'error';
    case 'duration_ms': return span.durationMs;
  }
  const value = span.attributes[field] ?? span.resource[field];
  return value === null || value === undefined ? undefined : typeof value === 'object' ? JSON.stringify(value) : value;
}

function matches(needle: string, summary: TraceSummary, spans: Map<string, SpanJson>): boolean {
  if (summary.traceId.startsWith(needle)) return true;
  if (summary.services.some((service) => service.toLowerCase().includes(needle))) return true;
  for (const span of spans.values()) if (span.name.toLowerCase().includes(needle)) return true;
  return false;
}

function emptySummary(traceId: string): TraceSummary {
  return { traceId, rootName: '', rootService: '', rootMissing: true, services: [], startUs: 0, endUs: 0, durationUs: 0, spanCount: 0, errorCount: 0, lastSeq: 0 };
}

export function summarise(traceId: string, spans: readonly SpanJson[]): TraceSummary {
  let root: SpanJson | undefined;
  let earliest: SpanJson | undefined;
  let startUs = Infinity;
  let endUs = -Infinity;
  let errorCount = 0;
  let lastSeq = 0;
  const services = new Set<string>();
  for (const span of spans) {
    const start = nanosToMicros(span.startTimeUnixNano);
    const end = Math.max(start, nanosToMicros(span.endTimeUnixNano));
    if (start < startUs) {
      startUs = start;
      earliest = span;
    }
    endUs = Math.max(endUs, end);
    if (span.status.code === 'error') errorCount++;
    lastSeq = Math.max(lastSeq, span.seq);
    services.add(serviceOf(span));
    // A true root has no parent; the earliest true root wins if a trace (oddly) has several.
    if (span.parentSpanId === undefined || span.parentSpanId === '') {
      if (!root || start < nanosToMicros(root.startTimeUnixNano)) root = span;
    }
  }
  const shown = root ?? earliest;
  const hasSpans = spans.length > 0;
  return {
    traceId,
    rootName: shown?.name ?? '',
    rootService: shown ? serviceOf(shown) : '',
    rootMissing: root === undefined,
    services: [...services].sort(),
    startUs: hasSpans ? startUs : 0,
    endUs: hasSpans ? endUs : 0,
    durationUs: hasSpans ? endUs - startUs : 0,
    spanCount: spans.length,
    errorCount,
    lastSeq,
  };
}
