/**
 * A span as the local cloud's `/workshop/spans` and `/workshop/events` routes send it (StoredSpan plus the store's
 * sequence number). Declared here rather than imported: browser code never imports the kit.
 */
export type WireValue = string | number | boolean | null | WireValue[] | { [key: string]: WireValue };

export interface WireSpan {
  seq: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  attributes: Record<string, WireValue>;
  resource: Record<string, WireValue>;
  scope?: { name: string; version?: string };
  status?: { code: string; message?: string };
  events?: { name: string }[];
  receivedAt: number;
}

export interface SpanPage {
  spans: WireSpan[];
  lastSeq: number;
  size: number;
  evicted: number;
}
