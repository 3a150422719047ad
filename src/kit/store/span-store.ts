/** The OTLP span store: a BoundedStore of StoredSpans with the queries the query API and checks need. */
import { serviceNameOf, type StoredSpan } from '../otlp/span-model.ts';
import { BoundedStore, type StoredRecord } from './bounded-store.ts';

export const defaultSpanCapacity = 50_000;

export interface SpanQuery {
  /** `service.name` resource attribute, exact. */
  service?: string;
  traceId?: string;
  /** Span name, exact. */
  name?: string;
  /** Received at or after this time (ms since the epoch, receiver clock). */
  since?: number;
  /** Received at or before this time. */
  until?: number;
  /** Only spans stored after this sequence number (for pollers). */
  afterSeq?: number;
  /** Most results, newest first (default: all). */
  limit?: number;
}

export class SpanStore extends BoundedStore<StoredSpan> {
  constructor(options: { capacity?: number } = {}) {
    super({ capacity: options.capacity ?? defaultSpanCapacity });
  }

  find(query: SpanQuery = {}): StoredRecord<StoredSpan>[] {
    const traceId = query.traceId?.toLowerCase();
    return this.query({
      afterSeq: query.afterSeq,
      limit: query.limit,
      where: (span) =>
        (query.service === undefined || serviceNameOf(span) === query.service) &&
        (traceId === undefined || span.traceId === traceId) &&
        (query.name === undefined || span.name === query.name) &&
        (query.since === undefined || span.receivedAt >= query.since) &&
        (query.until === undefined || span.receivedAt <= query.until),
    });
  }

  /** All stored spans of one trace, oldest first. */
  trace(traceId: string): StoredSpan[] {
    return this.find({ traceId })
      .map((record) => record.value)
      .reverse();
  }
}
