/**
 * One Server-Sent Events feed over a store's change feed, for every live view (spans, X-Ray segments, log events,
 * Rollbar occurrences). `id:` is the store sequence number of the newest record a batch covered, so a reconnecting
 * EventSource (Last-Event-ID) or `?after=N` replays exactly what was missed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredRecord } from './bounded-store.ts';

const heartbeatMs = 15_000;
export const replayLimit = 500;

export interface FeedSource<T> {
  /** The SSE `event:` name. */
  event: string;
  /** Which records of a batch this client sees (filters by service, current version, ...). */
  select(batch: readonly StoredRecord<T>[]): readonly StoredRecord<T>[];
  toJson(record: StoredRecord<T>): unknown;
  /** Records after `seq`, oldest first, at most `replayLimit`. */
  replay(afterSeq: number): readonly StoredRecord<T>[];
  subscribe(listener: (batch: readonly StoredRecord<T>[]) => void): () => void;
}

export function serveFeed<T>(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, source: FeedSource<T>): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const send = (batch: readonly StoredRecord<T>[]): void => {
    const chosen = source.select(batch);
    const last = batch[batch.length - 1];
    if (chosen.length === 0 || last === undefined || res.writableEnded) return;
    res.write(`id: ${last.seq}\nevent: ${source.event}\ndata: ${JSON.stringify(chosen.map(source.toJson))}\n\n`);
  };
  const lastEventId = req.headers['last-event-id'];
  const after = numberOf(query.get('after')) ?? numberOf(Array.isArray(lastEventId) ? lastEventId[0] : lastEventId);
  if (after !== undefined) send(source.replay(after));
  const unsubscribe = source.subscribe(send);
  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  heartbeat.unref();
  const stop = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('error', stop);
}

function numberOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
