/**
 * Searching a run's spans with a matcher: the match, or the nearest miss and its diff. Pure, so the runner's
 * `ctx.spans.waitFor` and the unit tests share it.
 */
import { serviceNameOf } from '../kit/otlp/span-model.ts';
import type { SpanDiff, SpanIndex, SpanMatcher, SpanSummary, StoredSpan } from './types.ts';

/** An index of spans by (traceId, spanId) and by parent, that grows as spans arrive. */
export class SpanIndexBuilder implements SpanIndex {
  #byId = new Map<string, StoredSpan>();
  #children = new Map<string, StoredSpan[]>();

  constructor(spans: readonly StoredSpan[] = []) {
    this.add(spans);
  }

  add(spans: readonly StoredSpan[]): void {
    for (const s of spans) {
      this.#byId.set(`${s.traceId}/${s.spanId}`, s);
      if (s.parentSpanId !== undefined) {
        const key = `${s.traceId}/${s.parentSpanId}`;
        const list = this.#children.get(key);
        if (list === undefined) this.#children.set(key, [s]);
        else list.push(s);
      }
    }
  }

  get(traceId: string, spanId: string): StoredSpan | undefined {
    return this.#byId.get(`${traceId}/${spanId}`);
  }

  children(traceId: string, spanId: string): StoredSpan[] {
    return this.#children.get(`${traceId}/${spanId}`) ?? [];
  }
}

export interface SearchResult {
  match?: StoredSpan;
  nearest?: { span: StoredSpan; diffs: SpanDiff[]; cost: number };
}

/** The first matching span (oldest first), else the nearest one (lowest cost; newest wins ties). */
export function searchSpans(matcher: SpanMatcher, spans: readonly StoredSpan[], index: SpanIndex): SearchResult {
  let nearest: SearchResult['nearest'];
  for (const candidate of spans) {
    const result = matcher.match(candidate, index);
    if (result.matched) return { match: candidate };
    if (nearest === undefined || result.cost <= nearest.cost) nearest = { span: candidate, diffs: result.diffs, cost: result.cost };
  }
  return nearest === undefined ? {} : { nearest };
}

export function summarizeSpan(span: StoredSpan): SpanSummary {
  const summary: SpanSummary = {
    name: span.name,
    scope: span.scope.name,
    kind: span.kind,
    traceId: span.traceId,
    spanId: span.spanId,
    durationMs: Math.round(span.durationMs * 1000) / 1000,
    status: span.status.code,
    attributes: span.attributes,
  };
  const service = serviceNameOf(span);
  if (service !== undefined) summary.service = service;
  if (span.parentSpanId !== undefined) summary.parentSpanId = span.parentSpanId;
  return summary;
}

/** One line per difference, for failure messages: `name: expected "a", got "b" (typo)`. */
export function describeDiffs(diffs: readonly SpanDiff[]): string {
  return diffs
    .map((d) => {
      const got = d.actual === undefined ? 'nothing' : JSON.stringify(d.actual);
      const note = d.note === undefined ? '' : `, ${d.note}`;
      return `${d.field}: expected ${d.expected}, got ${got} (${d.problem}${note})`;
    })
    .join('; ');
}
