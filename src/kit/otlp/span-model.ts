/**
 * The one span shape everything after the receiver works with (store, query API, checks, telemetry views),
 * whatever encoding the span arrived in. JSON-safe on purpose: it is printed as evidence and sent over SSE.
 */

/** An OTLP AnyValue made plain. int64 becomes a number when it is a safe integer, else a decimal string;
 *  bytes become a base64 string; an empty AnyValue becomes null. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

export type Attributes = Record<string, AttrValue>;

export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCodeName = 'unset' | 'ok' | 'error';

/** OTLP enum order: the wire carries the index. */
export const spanKindNames: readonly SpanKindName[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
export const statusCodeNames: readonly StatusCodeName[] = ['unset', 'ok', 'error'];

export interface SpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
}

export interface StoredSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** Absent for a root span. */
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: SpanKindName;
  /** Nanoseconds since the epoch as a decimal string: too large for a JS number. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  attributes: Attributes;
  resource: Attributes;
  scope: { name: string; version?: string };
  status: { code: StatusCodeName; message?: string };
  events: SpanEvent[];
  links: SpanLink[];
  /** Milliseconds since the epoch when the receiver stored it (the receiver's clock, not the app's). */
  receivedAt: number;
}

/** The `service.name` resource attribute, the way Honeycomb names a dataset. */
export function serviceNameOf(span: StoredSpan): string | undefined {
  const value = span.resource['service.name'];
  return typeof value === 'string' ? value : undefined;
}
