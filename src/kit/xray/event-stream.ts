/**
 * GET /workshop/xray/events as a real Server-Sent Events stream (for servers that hand a route the raw response:
 * the AWS port's `streams`, the daemon's own port). Conventions of the other live tails: `id:` is the store
 * sequence number, `?after=N` or Last-Event-ID replays what was missed (oldest first, a page at most), one
 * `event: segments` per stored batch, a comment every 15 s keeps proxies from closing the stream.
 * `?service=` keeps only that service's documents. workshop-routes.ts has the same route as a long poll for
 * servers that only take finished replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { replayLimit, serveFeed } from '../store/sse-feed.ts';
import type { SegmentStore, StoredSegment } from './segment-store.ts';

export const eventsPath = '/workshop/xray/events';

/** Same shape as the AWS port's StreamRoute: true when it took the request. */
export type XrayStreamRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export function createXrayStreamRoute(store: SegmentStore): XrayStreamRoute {
  return (req, res, url) => {
    if (url.pathname !== eventsPath || req.method !== 'GET') return false;
    const service = url.searchParams.get('service') || undefined;
    serveFeed<StoredSegment>(req, res, url.searchParams, {
      event: 'segments',
      // A document replaced by its completed version is not sent again in its in-progress form.
      select: (batch) => batch.filter((r) => store.isCurrent(r) && (service === undefined || store.serviceOf(r.value) === service)),
      toJson: (r) => ({ seq: r.seq, ...r.value }),
      replay: (afterSeq) => store.find({ afterSeq }).reverse().slice(0, replayLimit),
      subscribe: (listener) => store.subscribe(listener),
    });
    return true;
  };
}
