/**
 * Which trace a request produced. Best: the W3C `traceparent` the app put on its response (an app sets it when it
 * propagates context outward). Otherwise: the first server span for the same method and path that the cloud
 * received after the request left. The second is a guess, and the view says so.
 */
import type { SpanJson } from '../traces/span.ts';

export type TraceMatch = { traceId: string; how: 'traceparent' | 'server-span' };

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

export function traceIdFromHeaders(headers: ReadonlyArray<[string, string]>): string | undefined {
  const value = headers.find(([name]) => name.toLowerCase() === 'traceparent')?.[1]?.trim().toLowerCase();
  const id = value ? TRACEPARENT.exec(value)?.[1] : undefined;
  return id && !/^0+$/.test(id) ? id : undefined;
}

/** `sentAt` is on the page's clock and `receivedAt` on the sandbox's; both are this machine's clock, less 1 s slack. */
export function matchServerSpan(spans: readonly SpanJson[], method: string, path: string, sentAt: number, slackMs = 1000): SpanJson | undefined {
  const wantedPath = path.split('?')[0] ?? path;
  return spans
    .filter((span) => span.kind === 'server' && span.receivedAt >= sentAt - slackMs && spanMatches(span, method, wantedPath))
    .sort((a, b) => a.receivedAt - b.receivedAt)[0];
}

function spanMatches(span: SpanJson, method: string, path: string): boolean {
  const attrs = span.attributes;
  const spanMethod = attrs['http.request.method'] ?? attrs['http.method'];
  if (typeof spanMethod === 'string' && spanMethod.toUpperCase() !== method) return false;
  const target = attrs['url.path'] ?? attrs['http.target'] ?? attrs['http.url'];
  if (typeof target === 'string') {
    const targetPath = target.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0];
    return targetPath === path;
  }
  // No path attribute: the span name is all there is ("GET /api/activities/home", or just "GET" under the newer
  // HTTP conventions when the route is unknown), which is why the view calls this match a guess.
  return span.name === `${method} ${path}` || span.name === method;
}
