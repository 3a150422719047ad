/**
 * Server-Sent Events over a BoundedStore's change feed, for the views' live tails (log events, Rollbar
 * occurrences). Same conventions as the span feed in query-api.ts: `id:` is the store sequence number, so a
 * reconnecting EventSource (Last-Event-ID) or `?after=N` replays exactly what was missed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BoundedStore, StoredRecord } from '../store/bounded-store.ts';

const heartbeatMs = 15_000;
const replayLimit = 500;

export interface SseOptions<T> {
  /** The SSE `event:` name. */
  event: string;
  /** Only records this accepts are sent. */
  filter?: (value: T) => boolean;
  /** What one record looks like on the wire. */
  toJson: (record: StoredRecord<T>) => unknown;
}

export function streamStore<T>(req: IncomingMessage, res: ServerResponse, store: BoundedStore<T>, options: SseOptions<T>, query: URLSearchParams): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const send = (batch: readonly StoredRecord<T>[]): void => {
    const chosen = options.filter === undefined ? batch : batch.filter((r) => options.filter?.(r.value) === true);
    const last = batch[batch.length - 1];
    if (chosen.length === 0 || last === undefined || res.writableEnded) return;
    res.write(`id: ${last.seq}\nevent: ${options.event}\ndata: ${JSON.stringify(chosen.map(options.toJson))}\n\n`);
  };
  const after = numberOf(query.get('after')) ?? numberOf(headerValue(req.headers['last-event-id']));
  if (after !== undefined) send(store.query({ afterSeq: after, limit: replayLimit }).reverse());
  const unsubscribe = store.subscribe(send);
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

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
