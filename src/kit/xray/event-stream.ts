/**
 * GET /workshop/xray/events as a real Server-Sent Events stream (for servers that hand a route the raw response:
 * the AWS port's `streams`, the daemon's own port). Conventions of the other live tails: `id:` is the store
 * sequence number, `?after=N` or Last-Event-ID replays what was missed (oldest first, a page at most), one
 * `event: segments` per stored batch, a comment every 15 s keeps proxies from closing the stream.
 * `?service=` keeps only that service's documents. workshop-routes.ts has the same route as a long poll for
 * servers that only take finished replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredRecord } from '../store/bounded-store.ts';
import type { SegmentStore, StoredSegment } from './segment-store.ts';

export const eventsPath = '/workshop/xray/events';
const heartbeatMs = 15_000;
const replayLimit = 500;

/** Same shape as the AWS port's StreamRoute: true when it took the request. */
export type XrayStreamRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export function createXrayStreamRoute(store: SegmentStore): XrayStreamRoute {
  return (req, res, url) => {
    if (url.pathname !== eventsPath || req.method !== 'GET') return false;
    const service = url.searchParams.get('service') || undefined;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const send = (batch: readonly StoredRecord<StoredSegment>[], cursor: number): void => {
      const chosen = batch.filter((r) => store.isCurrent(r) && (service === undefined || store.serviceOf(r.value) === service));
      if (chosen.length === 0 || res.writableEnded) return;
      res.write(`id: ${cursor}\nevent: segments\ndata: ${JSON.stringify(chosen.map((r) => ({ seq: r.seq, ...r.value })))}\n\n`);
    };
    const lastEventId = req.headers['last-event-id'];
    const after = numberOf(url.searchParams.get('after')) ?? numberOf(Array.isArray(lastEventId) ? lastEventId[0] : lastEventId);
    if (after !== undefined) {
      const missed = store.find({ afterSeq: after }).reverse().slice(0, replayLimit);
      send(missed, missed[missed.length - 1]?.seq ?? after);
    }
    const unsubscribe = store.subscribe((added) => send(added, added[added.length - 1]?.seq ?? store.lastSeq));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    heartbeat.unref();
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', stop);
    res.on('error', stop);
    return true;
  };
}

function numberOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
