import type { SpanJson } from '../../../src/telemetry/traces/span.ts';

let seq = 0;
const base = 1_700_000_000_000_000_000n;

/** A span starting `startUs` after a fixed epoch and lasting `durationUs`. */
export function span(traceId: string, spanId: string, parentSpanId: string | undefined, startUs: number, durationUs: number, extra: Partial<SpanJson> = {}): SpanJson {
  const start = base + BigInt(startUs) * 1000n;
  return {
    seq: ++seq,
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: `span-${spanId}`,
    kind: 'internal',
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(durationUs) * 1000n),
    durationMs: durationUs / 1000,
    attributes: {},
    resource: { 'service.name': 'backend-flask' },
    scope: { name: 'test' },
    status: { code: 'unset' },
    events: [],
    links: [],
    receivedAt: Date.now(),
    ...extra,
  };
}
