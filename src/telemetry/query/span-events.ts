/**
 * Spans as Honeycomb sees them: one flat event per span. The fixed fields use Honeycomb's names (duration_ms,
 * name, service.name, trace.trace_id, trace.span_id, trace.parent_id, span.kind, status_code, error), resource and
 * span attributes are flattened with dots (a span attribute wins over a resource attribute of the same name, as
 * in Honeycomb's dataset), arrays become JSON text.
 */
import type { WireSpan, WireValue } from './wire-span.ts';

export type EventValue = string | number | boolean;
export type SpanEvent = Record<string, EventValue>;

/** Fields every event has; listed first in the field pickers. */
export const coreFields = ['name', 'service.name', 'duration_ms', 'trace.trace_id', 'trace.span_id', 'trace.parent_id', 'span.kind', 'status_code', 'error'] as const;

/** Milliseconds since the epoch from OTLP's decimal nanosecond string (exact to the millisecond without BigInt). */
export function nanosToMs(nanos: string): number {
  if (!/^\d+$/.test(nanos)) return Number.NaN;
  return nanos.length <= 6 ? 0 : Number(nanos.slice(0, -6)) + Number(`0.${nanos.slice(-6)}`);
}

export function spanToEvent(span: WireSpan): SpanEvent {
  const event: SpanEvent = {};
  flattenInto(event, '', span.resource);
  flattenInto(event, '', span.attributes);
  event['name'] = span.name;
  const service = span.resource['service.name'];
  event['service.name'] = typeof service === 'string' ? service : 'unknown_service';
  event['duration_ms'] = span.durationMs;
  event['trace.trace_id'] = span.traceId;
  event['trace.span_id'] = span.spanId;
  if (span.parentSpanId !== undefined && span.parentSpanId !== '') event['trace.parent_id'] = span.parentSpanId;
  event['span.kind'] = span.kind;
  const status = span.status?.code ?? 'unset';
  event['status_code'] = status;
  event['error'] = status === 'error';
  if (span.status?.message) event['status_message'] = span.status.message;
  if (span.scope?.name) event['library.name'] = span.scope.name;
  event['timestamp'] = nanosToMs(span.startTimeUnixNano);
  return event;
}

function flattenInto(into: SpanEvent, prefix: string, attributes: Record<string, WireValue>): void {
  for (const [key, value] of Object.entries(attributes)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value === null) continue;
    if (Array.isArray(value)) into[name] = JSON.stringify(value);
    else if (typeof value === 'object') flattenInto(into, name, value);
    else into[name] = value;
  }
}

export interface FieldInfo {
  name: string;
  /** Every value seen is a number: the field can be averaged, charted as a heatmap, compared with < and >. */
  numeric: boolean;
}

/** The fields present in the events, core fields first, then the rest alphabetically. */
export function fieldsOf(events: readonly SpanEvent[]): FieldInfo[] {
  const numeric = new Map<string, boolean>();
  for (const event of events) {
    for (const [key, value] of Object.entries(event)) {
      if (key === 'timestamp') continue;
      numeric.set(key, (numeric.get(key) ?? true) && typeof value === 'number');
    }
  }
  const core: string[] = coreFields.filter((f) => numeric.has(f));
  const rest = [...numeric.keys()].filter((f) => !core.includes(f)).sort();
  return [...core, ...rest].map((name) => ({ name, numeric: numeric.get(name) === true }));
}
