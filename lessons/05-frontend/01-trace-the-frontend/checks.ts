/**
 * Step "Trace the frontend". A check cannot open a browser, so the page runs in a small Node program
 * (page-harness.ts) that loads what index.html loads, keeps the browser's CORS rules and sends the page's spans to
 * this run's OTLP receiver. Judged on what happened: the backend's preflight answer, the page's requests, and the
 * spans received from the page and the backend. Source text only picks a hint.
 */
import { spawn } from 'node:child_process';
import { defineChecks, fail, pass, span, spanEvidence, type CheckContext, type Failure, type SourceReader, type StoredSpan } from '../../../src/checks/index.ts';
import { PAGE_HARNESS, REPORT_PREFIX, type PageReport } from './page-harness.ts';

const FRONTEND_SERVICE = 'frontend-react-js';
const FEED_PATH = '/api/activities/home';
// The page's origin, as the bootcamp's docker-compose gave it to the backend (CORS allows FRONTEND_URL).
const PAGE_ORIGIN = 'http://localhost:3000';

const serviceOf = (s: StoredSpan): string => (typeof s.resource['service.name'] === 'string' ? s.resource['service.name'] : '');
const urlOf = (s: StoredSpan): string => {
  const url = s.attributes['url.full'] ?? s.attributes['http.url'];
  return typeof url === 'string' ? url : '';
};
const servedPath = (s: StoredSpan): string => {
  const path = s.attributes['url.path'] ?? s.attributes['http.target'] ?? s.attributes['http.route'];
  return typeof path === 'string' ? (path.split('?')[0] ?? '') : '';
};
const callsFeed = (s: StoredSpan): true | string => {
  try {
    return new URL(urlOf(s)).pathname === FEED_PATH ? true : `called ${JSON.stringify(urlOf(s))}`;
  } catch {
    return `called ${JSON.stringify(urlOf(s) || '(no url)')}`;
  }
};

const fetchSpan = span({ service: FRONTEND_SERVICE, kind: 'client', where: callsFeed });
const servesFeed = (s: StoredSpan): true | string => (servedPath(s) === FEED_PATH ? true : `served ${JSON.stringify(servedPath(s) || s.name)}`);
const feedServerSpan = span({ kind: 'server', where: servesFeed });

// One page run per check run, shared by every check (the checks module is loaded once per run).
let pageRun: Promise<PageReport | string> | undefined;

/** Runs the page once; resolves with its report, or with a string saying why the harness itself broke. */
function runPage(ctx: CheckContext): Promise<PageReport | string> {
  pageRun ??= new Promise((resolve) => {
    const collectorEndpoint = (ctx.app.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '').replace(/\/+$/, '');
    const config = { pageOrigin: PAGE_ORIGIN, backendUrl: `http://127.0.0.1:${ctx.app.port}`, collectorEndpoint };
    // Only what Node needs: the page has no environment of its own.
    const env: Record<string, string> = { CRUDDUR_PAGE_CONFIG: JSON.stringify(config) };
    for (const key of ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key] as string;
    const child = spawn(process.execPath, ['--input-type=module', '-e', PAGE_HARNESS], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.on('error', (error) => resolve(`could not start the page harness: ${error.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
      if (line === undefined) {
        resolve(`the page harness ended (code ${code ?? 'killed'}) without a report. ${(err || out).slice(-600)}`);
        return;
      }
      resolve(JSON.parse(line.slice(REPORT_PREFIX.length)) as PageReport);
    });
  });
  return pageRun;
}

async function pageOrBroken(ctx: CheckContext): Promise<PageReport | ReturnType<typeof fail>> {
  const report = await runPage(ctx);
  return typeof report === 'string' ? fail('harness-broken', `The browser-free page run broke: ${report}`, undefined, 'checker') : report;
}

const isReport = (value: PageReport | ReturnType<typeof fail>): value is PageReport => 'scripts' in value;
const feedRequest = (report: PageReport) => report.requests.find((r) => r.url.endsWith(FEED_PATH));

/** Why no span came from the page (read only to choose a hint, after a failure). */
async function whyNoSpans(failure: Failure, source: SourceReader): Promise<string | undefined> {
  if (failure.reason !== 'no-frontend-spans') return undefined;
  const tracing = (await source.read('frontend/public/tracing.js')) ?? '';
  if (!/CRUDDUR_OTEL_COLLECTOR_ENDPOINT/.test(tracing)) return 'exporter-url';
  if (/new\s+(Batch|Simple)SpanProcessor\(\s*exporter\s*\)/.test(tracing)) return 'processor-options';
  return undefined;
}

/** Why the feed request carried no traceparent (read only to choose a hint, after a failure). */
async function whyNoTraceparent(failure: Failure, source: SourceReader): Promise<string | undefined> {
  if (failure.reason !== 'no-traceparent') return undefined;
  const tracing = (await source.read('frontend/public/tracing.js')) ?? '';
  if (!/propagateTraceHeaderCorsUrls/.test(tracing)) return 'cors-urls';
  if (!/setGlobalPropagator/.test(tracing)) return 'no-propagator';
  return undefined;
}

export default defineChecks({
  // FRONTEND_URL is the page's origin: the backend's CORS allows exactly that origin.
  app: { cwd: 'backend', command: 'node', args: ['app.js'], env: { FRONTEND_URL: PAGE_ORIGIN } },
  checks: [
    {
      id: 'cors-allows-traceparent',
      title: `The backend's CORS preflight for ${FEED_PATH} allows the traceparent header from ${PAGE_ORIGIN}`,
      timeoutMs: 3000,
      hints: {
        'preflight-status': 'The preflight (OPTIONS) did not answer 2xx. Look at the app output below; the cors() middleware on /api answers it when the app starts normally.',
        'origin-not-allowed': `The preflight does not allow the page's origin. Keep origin: [FRONTEND_URL, BACKEND_URL] in app.js's apiCors; the checks start the backend with FRONTEND_URL=${PAGE_ORIGIN}.`,
        'traceparent-not-allowed': [
          "The backend's CORS does not allow the traceparent header, so the browser refuses to send the feed request at all. In backend/app.js, add 'traceparent' to allowedHeaders of apiCors.",
          "Still not allowed. The list is allowedHeaders: ['content-type', 'if-modified-since', 'traceparent'] in the cors({...}) options that app.use('/api', apiCors) uses (not the POST routes' crossOrigin).",
        ],
      },
      async run(ctx) {
        const res = await ctx.request('OPTIONS', FEED_PATH, undefined, {
          headers: { origin: PAGE_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'traceparent' },
        });
        const allowOrigin = res.headers['access-control-allow-origin'] ?? '';
        const allowHeaders = res.headers['access-control-allow-headers'] ?? '';
        const evidence = { response: { method: 'OPTIONS', path: FEED_PATH, status: res.status, body: res.body.slice(0, 500) }, details: { 'access-control-allow-origin': allowOrigin || '(none)', 'access-control-allow-headers': allowHeaders || '(none)' } };
        if (res.status < 200 || res.status > 299) return fail('preflight-status', `OPTIONS ${FEED_PATH} answered ${res.status}.`, evidence);
        if (allowOrigin !== PAGE_ORIGIN && allowOrigin !== '*') return fail('origin-not-allowed', `Access-Control-Allow-Origin is ${JSON.stringify(allowOrigin)}, not ${PAGE_ORIGIN}.`, evidence);
        const allowed = allowHeaders.split(',').map((h) => h.trim().toLowerCase());
        if (!allowed.includes('traceparent') && !allowed.includes('*')) return fail('traceparent-not-allowed', `Access-Control-Allow-Headers is ${JSON.stringify(allowHeaders)}: no traceparent.`, evidence);
        return pass(`Allowed headers: ${allowHeaders}.`, evidence);
      },
    },
    {
      id: 'page-loads-tracing',
      title: 'The page runs a tracing module before app.js, without errors, and the home feed still loads',
      timeoutMs: 12000,
      hints: {
        'tracing-not-loaded': [
          'index.html runs no module before app.js, so nothing traces the page. Add <script type="module" src="/tracing.js"></script> just above app.js\'s script tag.',
          'Module scripts run in document order, after every classic script: put the tracing.js tag first, and give app.js type="module" too.',
        ],
        'app-runs-first': 'app.js is a classic script, and classic scripts run before any module, so its first fetch happens before tracing.js has patched fetch. Make it <script type="module" src="/app.js"></script>, after the tracing.js tag.',
        'app-missing': 'index.html no longer loads /app.js; keep its script tag (type="module", after tracing.js).',
        'page-error': 'A module of the page threw while loading; the message is above. A browser shows the same in its console. Check the import names against the packages (e.g. TracerProvider from @opentelemetry/sdk-trace).',
        'feed-blocked': 'The page could not load the home feed: the browser blocked or lost the request (the reason is above). With traceparent on a cross-origin request, the backend\'s CORS must allow that header.',
        'feed-wrong': 'The feed answered, but not with its 3 activities. Leave the backend\'s routes and services as they were.',
      },
      async run(ctx) {
        const report = await pageOrBroken(ctx);
        if (!isReport(report)) return report;
        const details = { scripts: report.scripts.map((s) => `${s.src}${s.module ? ' (module)' : ' (classic)'}`).join(', ') || '(none)', loaded: report.loaded.join(', ') || '(none)' };
        if (report.loadError !== undefined) return fail('page-error', `Loading the page's modules failed: ${report.loadError}`, { details });
        if (report.appScript === 'missing') return fail('app-missing', 'index.html has no <script> for /app.js.', { details });
        if (report.loaded.length === 0) {
          const modules = report.scripts.filter((s) => s.module && !s.src.endsWith('/app.js'));
          if (report.appScript === 'classic' && modules.length > 0) return fail('app-runs-first', `app.js is a classic script, so it runs before ${modules.map((s) => s.src).join(', ')}.`, { details });
          return fail('tracing-not-loaded', 'No module script runs before app.js.', { details });
        }
        const feed = report.feed;
        const request = feedRequest(report);
        if (feed === undefined || 'error' in feed) return fail('feed-blocked', `GET ${FEED_PATH} failed in the page: ${request?.blocked ?? (feed && 'error' in feed ? feed.error : 'not made')}.`, { details: { ...details, request: JSON.stringify(request ?? null) } });
        if (feed.status !== 200 || feed.count !== 3) return fail('feed-wrong', `GET ${FEED_PATH} answered ${feed.status} with ${feed.count} activities, expected 200 with 3.`, { details });
        return pass(`Loaded ${report.loaded.join(', ')} before app.js; the feed answered 3 activities.`, { details });
      },
    },
    {
      id: 'frontend-fetch-span',
      title: `A client span from service "${FRONTEND_SERVICE}" for the page's fetch of ${FEED_PATH}`,
      needs: ['page-loads-tracing'],
      timeoutMs: 6000,
      hints: {
        'no-frontend-spans': [
          'No span arrived from the page. The exporter must send to the collector the page is given: new OTLPTraceExporter({ url: `${window.CRUDDUR_OTEL_COLLECTOR_ENDPOINT}/v1/traces` }), in a BatchSpanProcessor on the provider, and the provider registered with trace.setGlobalTracerProvider(provider).',
          'Still nothing. Check the three links: exporter → new BatchSpanProcessor({ exporter }) → new TracerProvider({ spanProcessors: [...] }) → trace.setGlobalTracerProvider(provider).',
        ],
        'exporter-url': 'tracing.js does not use window.CRUDDUR_OTEL_COLLECTOR_ENDPOINT. Without a url, the browser exporter posts to http://localhost:4318, which a page cannot reach: give it url: `${window.CRUDDUR_OTEL_COLLECTOR_ENDPOINT}/v1/traces`.',
        'processor-options': 'In OpenTelemetry JS 3 a span processor takes an options object: new BatchSpanProcessor({ exporter }), not new BatchSpanProcessor(exporter) (the old form leaves it without an exporter).',
        'wrong-service': `Spans arrived from the page, but under another service name. Give the provider resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: '${FRONTEND_SERVICE}' }).`,
        'no-fetch-span': 'The page exports spans, but none for its fetch. Register the fetch instrumentation: registerInstrumentations({ instrumentations: [new FetchInstrumentation({ ... })] }), after setGlobalTracerProvider.',
      },
      pickHint: whyNoSpans,
      async run(ctx) {
        const report = await pageOrBroken(ctx);
        if (!isReport(report)) return report;
        const result = await ctx.spans.waitFor(fetchSpan, { timeoutMs: 3000 });
        if (result.found) return pass(`"${result.span.name}" ${urlOf(result.span)} in trace ${result.span.traceId}.`, spanEvidence(result));
        const evidence = spanEvidence(result);
        const fromPage = ctx.spans.all().filter((s) => s.scope.name === '@opentelemetry/instrumentation-fetch' || serviceOf(s) !== 'backend-flask');
        const fetches = fromPage.filter((s) => s.kind === 'client' && callsFeed(s) === true);
        if (fetches.length > 0) return fail('wrong-service', `The fetch span arrived from service ${JSON.stringify(serviceOf(fetches[0] as StoredSpan))}, not "${FRONTEND_SERVICE}".`, evidence);
        if (fromPage.some((s) => serviceOf(s) === FRONTEND_SERVICE)) return fail('no-fetch-span', `Spans came from "${FRONTEND_SERVICE}", but none is a client span for ${FEED_PATH}.`, evidence);
        const exportPosts = report.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/traces'));
        const sent = exportPosts.length === 0 ? 'The page never posted to /v1/traces' : `The page posted to ${exportPosts.map((r) => r.url + (r.blocked ? ` (${r.blocked})` : ` (${r.status})`)).join(', ')}`;
        return fail('no-frontend-spans', `No span from the page arrived within ${result.waitedMs} ms. ${sent}; flush: ${report.flush}.`, evidence);
      },
    },
    {
      id: 'one-trace',
      title: `The backend's server span for ${FEED_PATH} is the child of the page's fetch span, with home-activities-mock-data below it`,
      needs: ['cors-allows-traceparent', 'frontend-fetch-span'],
      timeoutMs: 6000,
      hints: {
        'no-traceparent': [
          'The page sent the feed request without a traceparent header, so the backend started a trace of its own. The backend is another origin: FetchInstrumentation adds the header there only for URLs in propagateTraceHeaderCorsUrls, e.g. [/.+/g].',
          'Also check that tracing.js sets a propagator: propagation.setGlobalPropagator(new W3CTraceContextPropagator()).',
        ],
        'cors-urls': 'FetchInstrumentation adds traceparent only to same-origin requests unless told otherwise, and the backend is another origin: new FetchInstrumentation({ propagateTraceHeaderCorsUrls: [/.+/g] }).',
        'no-propagator': 'OpenTelemetry JS 3 has no provider.register() that sets a propagator for you: call propagation.setGlobalPropagator(new W3CTraceContextPropagator()) in tracing.js (from @opentelemetry/api and @opentelemetry/core).',
        'backend-separate-trace': [
          "The page sent traceparent, but the backend's server span is in another trace: the backend does not read that header. backend/tracing.js sets textMapPropagator to AWSXRayPropagator, which reads only X-Amzn-Trace-Id. Use a CompositePropagator of W3CTraceContextPropagator and AWSXRayPropagator.",
          "textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new AWSXRayPropagator()] }), both classes from @opentelemetry/core except the X-Ray one.",
        ],
        'fetch-span-gone': 'The checker lost the span it had just seen; run the checks again.',
        'no-server-span': `No server span for ${FEED_PATH} arrived from the backend. The backend's tracing from chapter 1 must still be in place (require('./tracing') first in app.js).`,
        'no-mock-data-span': 'The backend joined the trace, but no home-activities-mock-data span sits below its server span. Keep the span from chapter 1 in services/home_activities.js.',
      },
      pickHint: whyNoTraceparent,
      async run(ctx) {
        const report = await pageOrBroken(ctx);
        if (!isReport(report)) return report;
        const client = await ctx.spans.waitFor(fetchSpan, { timeoutMs: 1500 });
        if (!client.found) return fail('fetch-span-gone', `The page's fetch span is gone from this run (${client.seen} spans).`, spanEvidence(client), 'checker');
        const request = feedRequest(report);
        const server = await ctx.spans.waitFor(span({ kind: 'server', where: servesFeed, childOf: fetchSpan }), { timeoutMs: 2500 });
        if (!server.found) {
          const evidence = { ...spanEvidence(server), details: { 'traceparent sent': request?.traceparent ?? '(none)', 'page trace': client.span.traceId } };
          if (request?.traceparent === undefined) return fail('no-traceparent', `GET ${FEED_PATH} left the page without a traceparent header.`, evidence);
          const served = ctx.spans.find(feedServerSpan);
          if (served.length === 0) return fail('no-server-span', `The page sent traceparent ${request.traceparent}, but no server span for ${FEED_PATH} arrived.`, evidence);
          return fail('backend-separate-trace', `The page sent traceparent ${request.traceparent}; the backend served it in trace ${served[0]?.traceId ?? '?'}, not ${client.span.traceId}.`, evidence);
        }
        const mock = await ctx.spans.waitFor(span({ name: 'home-activities-mock-data', descendantOf: span({ kind: 'server', childOf: fetchSpan }) }), { timeoutMs: 2000 });
        if (!mock.found) return fail('no-mock-data-span', `The server span joined trace ${server.span.traceId}, but no home-activities-mock-data span is below it.`, spanEvidence(mock));
        return pass(`One trace ${server.span.traceId}: page fetch → ${server.span.name} → home-activities-mock-data.`, spanEvidence(mock));
      },
    },
  ],
});
