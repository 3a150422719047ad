/**
 * A span as the local cloud's `/workshop/spans` route and `spans` SSE feed send it. Declared here rather than
 * imported from src/kit: browser code never imports the sandbox's code; this is the wire contract between them.
 */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface SpanJson {
  /** The store's sequence number: increases with arrival, used to resume a feed without gaps. */
  seq: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  attributes: Attributes;
  resource: Attributes;
  scope: { name: string; version?: string };
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  events: Array<{ name: string; timeUnixNano: string; attributes: Attributes }>;
  links: Array<{ traceId: string; spanId: string; traceState?: string; attributes: Attributes }>;
  receivedAt: number;
}

export function serviceOf(span: SpanJson): string {
  const name = span.resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown service';
}

/** Nanoseconds since the epoch (a decimal string) as microseconds: a JS number holds those exactly until 2255. */
export function nanosToMicros(nanos: string): number {
  if (!/^\d{1,20}$/.test(nanos)) return 0;
  return Number(BigInt(nanos) / 1000n);
}

export function isSpanJson(value: unknown): value is SpanJson {
  if (typeof value !== 'object' || value === null) return false;
  const span = value as Partial<SpanJson>;
  return (
    typeof span.traceId === 'string' &&
    typeof span.spanId === 'string' &&
    typeof span.name === 'string' &&
    typeof span.startTimeUnixNano === 'string' &&
    typeof span.endTimeUnixNano === 'string' &&
    typeof span.attributes === 'object' &&
    typeof span.resource === 'object'
  );
}
