/**
 * Step "Trace incoming and outgoing HTTP". Judged on the spans the app exports when it serves a search: the
 * search's server span, a client span for the outgoing call under it, and the called route's server span as that
 * client span's child (the traceparent header carried the trace across). Source text only picks a hint.
 */
import { defineChecks, fail, pass, span, spanEvidence, type CheckContext, type Failure, type SourceReader, type StoredSpan } from '../../../src/checks/index.ts';

const searchPath = '/api/activities/search?term=cloud';
const calledPath = '/api/activities/notifications';

const search = (ctx: CheckContext) => ctx.requestOnce('GET', searchPath);

/** The URL a client span called: instrumentation-http 0.301 writes url.full; older versions wrote http.url. */
function calledUrl(s: StoredSpan): string {
  const url = s.attributes['url.full'] ?? s.attributes['http.url'];
  return typeof url === 'string' ? url : '';
}

/** The path a server span answered (url.path now, http.target before), else its route. */
function servedPath(s: StoredSpan): string {
  const path = s.attributes['url.path'] ?? s.attributes['http.target'] ?? s.attributes['http.route'];
  return typeof path === 'string' ? path.split('?')[0] ?? '' : '';
}

const servedIs = (path: string) => (s: StoredSpan): true | string => (servedPath(s) === path ? true : `served ${JSON.stringify(servedPath(s) || s.name)}, not ${path}`);
/** The path part of a called URL; a URL the app mangled (no scheme, say) has none. */
function pathOfUrl(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

const callsNotifications = (s: StoredSpan): true | string => (pathOfUrl(calledUrl(s)) === calledPath ? true : `called ${JSON.stringify(calledUrl(s) || '(no url)')}`);

const searchServer = span({ kind: 'server', where: servedIs('/api/activities/search') });
const clientCall = span({ kind: 'client', where: callsNotifications, descendantOf: searchServer });
const calledServer = span({ kind: 'server', where: servedIs(calledPath) });

/** Why no client span arrived (only ever used to choose a hint). */
async function whyNoClient(failure: Failure, source: SourceReader): Promise<string | undefined> {
  if (failure.reason !== 'no-client-span') return undefined;
  const code = (await source.read('backend/services/search_activities.js')) ?? '';
  if (/\bfetch\s*\(/.test(code)) return 'used-fetch';
  if (!/require\(\s*['"](node:)?https?['"]\s*\)/.test(code)) return 'no-http-call';
  return undefined;
}

export default defineChecks({
  app: { cwd: 'backend', command: 'node', args: ['app.js'] },
  checks: [
    {
      id: 'search-still-works',
      title: 'GET /api/activities/search?term=cloud still answers 200 with 1 activity',
      timeoutMs: 3000,
      hints: {
        'search-status': 'The search now fails. Look at the app output below: an exception in search_activities.js ends the request with a 500. A run() made `async` does that too: app.js then reads `.errors` of a Promise. Keep run() synchronous and do not await the call.',
        'search-not-array': 'The search no longer answers with a list. run() must stay synchronous and return the model: do not make it `async` or `await` the call, since app.js sends whatever run() returns.',
        'search-count': 'The search answers, but not with its one mock activity. The outgoing call is extra work beside the results; leave the results as they were.',
      },
      async run(ctx) {
        const res = await search(ctx);
        const response = { method: 'GET', path: searchPath, status: res.status, body: res.body.slice(0, 2000) };
        if (res.status !== 200) return fail('search-status', `GET ${searchPath} answered ${res.status}, expected 200.`, { response });
        if (!Array.isArray(res.json)) return fail('search-not-array', `GET ${searchPath} did not answer with a JSON array.`, { response });
        if (res.json.length !== 1) return fail('search-count', `GET ${searchPath} answered ${res.json.length} activities, expected 1.`, { response });
        return pass('1 activity, status 200.', { response });
      },
    },
    {
      id: 'client-span',
      title: `A client span for the call to ${calledPath}, inside the search request's trace`,
      timeoutMs: 4000,
      hints: {
        'no-client-span': [
          `No client span arrived. In services/search_activities.js, when the term is not blank, call the notifications route with http.get('http://127.0.0.1:' + (process.env.PORT || 4567) + '${calledPath}', (response) => response.resume()).`,
          'Still no client span. Require node:http in search_activities.js and make the call inside run(), so it happens on every search.',
        ],
        'used-fetch': 'Node\'s built-in fetch() runs on undici, which the http instrumentation does not patch, so it makes no client span (and sends no traceparent). Use http.get from node:http, the module @opentelemetry/instrumentation-http instruments.',
        'no-http-call': 'search_activities.js does not require node:http yet. Add `const http = require(\'node:http\');` and call the notifications route with http.get.',
        'client-wrong-url': `A client span arrived, but for another URL. Call exactly ${calledPath} on this backend: http://127.0.0.1:<PORT>${calledPath}.`,
        'client-outside-request': 'The call to notifications has a client span, but it is not inside the search request\'s trace. Make the call inside run() while the search is being served, not once when the module loads.',
      },
      pickHint: whyNoClient,
      async run(ctx) {
        await search(ctx);
        const result = await ctx.spans.waitFor(clientCall, { timeoutMs: 2500 });
        if (result.found) return pass(`Client span "${result.span.name}" to ${calledUrl(result.span)}.`, spanEvidence(result));
        const evidence = spanEvidence(result);
        const clients = ctx.spans.all().filter((s) => s.kind === 'client');
        if (clients.length === 0) return fail('no-client-span', `No client span arrived within ${result.waitedMs} ms of GET ${searchPath}.`, evidence);
        const toNotifications = clients.find((s) => callsNotifications(s) === true);
        if (toNotifications === undefined) return fail('client-wrong-url', `Client spans arrived, but none called ${calledPath}: ${clients.map((s) => JSON.stringify(calledUrl(s))).join(', ')}.`, evidence);
        return fail('client-outside-request', `The client span to ${calledPath} is in trace ${toNotifications.traceId}, with no search server span above it.`, evidence);
      },
    },
    {
      id: 'called-service-joins-trace',
      title: `The server span of ${calledPath} is the child of that client span (same trace)`,
      timeoutMs: 4000,
      hints: {
        'called-service-missing': `The backend never served ${calledPath} after the search, so the call did not arrive. Check the URL: host 127.0.0.1, the port from process.env.PORT, path ${calledPath}.`,
        'not-a-child': 'The notifications request was served, but in a trace of its own: no traceparent header reached it. Use http.get from node:http (instrumented) rather than fetch, and keep the default W3C propagator that NodeSDK sets up.',
      },
      async run(ctx) {
        await search(ctx);
        const result = await ctx.spans.waitFor(span({ kind: 'server', where: servedIs(calledPath), childOf: span({ kind: 'client' }) }), { timeoutMs: 2500 });
        if (result.found) return pass(`"${result.span.name}" is in trace ${result.span.traceId}, under the client span.`, spanEvidence(result));
        const served = ctx.spans.find(calledServer);
        if (served.length === 0) return fail('called-service-missing', `No server span for ${calledPath} arrived within ${result.waitedMs} ms of the search.`, spanEvidence(result));
        return fail('not-a-child', `${calledPath} was served in its own trace (${served[0]?.traceId ?? '?'}), not under the client span.`, spanEvidence(result));
      },
    },
  ],
});
