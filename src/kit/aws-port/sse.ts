/**
 * Server-Sent Events over a BoundedStore's change feed, for the views' live tails (log events, Rollbar
 * occurrences). The feed itself is src/kit/store/sse-feed.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BoundedStore, StoredRecord } from '../store/bounded-store.ts';
import { replayLimit, serveFeed } from '../store/sse-feed.ts';

export interface SseOptions<T> {
  /** The SSE `event:` name. */
  event: string;
  /** Only records this accepts are sent. */
  filter?: (value: T) => boolean;
  /** What one record looks like on the wire. */
  toJson: (record: StoredRecord<T>) => unknown;
}

export function streamStore<T>(req: IncomingMessage, res: ServerResponse, store: BoundedStore<T>, options: SseOptions<T>, query: URLSearchParams): void {
  serveFeed(req, res, query, {
    event: options.event,
    select: (batch) => (options.filter === undefined ? batch : batch.filter((r) => options.filter?.(r.value) === true)),
    toJson: options.toJson,
    replay: (afterSeq) => store.query({ afterSeq, limit: replayLimit }).reverse(),
    subscribe: (listener) => store.subscribe(listener),
  });
}
