/**
 * Step "Send X-Ray segments with the Express middleware".
 * Judged on the segments the app's X-Ray SDK sends to the check run's own daemon, and on the spans it still
 * exports. Source text only picks a hint.
 */
import { defineChecks, fail, pass, span, spanEvidence, type CheckContext, type Failure, type SourceReader, type XraySegment } from '../../../src/checks/index.ts';

const service = 'backend-flask';
const homePath = '/api/activities/home';

const homeRequest = (ctx: CheckContext) => ctx.requestOnce('GET', homePath);
const isHomeSegment = (s: XraySegment): boolean => s.kind === 'segment' && !s.inProgress && (s.document.http?.request?.url ?? '').split('?')[0]!.endsWith(homePath);
const summary = (s: XraySegment) => ({ name: s.name, traceId: s.traceId, http: s.document.http ?? null, subsegments: s.subsegments.map((n) => n.name) });
const seenEvidence = (ctx: CheckContext) => ({ details: { segmentsSeen: ctx.segments.all().slice(-5).map(summary) } });

/** The home request's segment; else any complete segment (one opened by hand has no URL to tell it by). */
async function homeSegment(ctx: CheckContext): Promise<XraySegment | undefined> {
  await homeRequest(ctx);
  const result = await ctx.segments.waitFor(isHomeSegment, { timeoutMs: 1500 });
  return result.found ? result.item : ctx.segments.find((s) => s.kind === 'segment' && !s.inProgress)[0];
}

/** Why no segment arrived, from app.js (only ever used to choose a hint). */
async function whyNoSegment(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const app = (await source.read('backend/app.js')) ?? '';
  if (!/aws-xray-sdk-express/.test(app)) return 'xray-not-added';
  const open = app.search(/openSegment\s*\(/);
  const firstRoute = app.search(/app\.(get|post|options)\s*\(/);
  if (open < 0) return 'no-open-segment';
  if (firstRoute >= 0 && open > firstRoute) return 'open-segment-late';
  return undefined;
}

export default defineChecks({
  app: { cwd: 'backend', command: 'node', args: ['app.js'] },
  checks: [
    {
      id: 'home-still-works',
      title: 'GET /api/activities/home still answers 200 with 3 activities',
      timeoutMs: 3000,
      hints: {
        'home-status': 'The home feed now fails. The app output below usually names the line: a typo in a require() or a middleware called without its parentheses (openSegment instead of openSegment(\'backend-flask\')).',
        'home-count': 'The route answers, but not with the 3 mock activities. The X-Ray middleware should wrap the request, not change the data.',
      },
      async run(ctx) {
        const res = await homeRequest(ctx);
        const response = { method: 'GET', path: homePath, status: res.status, body: res.body.slice(0, 2000) };
        if (res.status !== 200) return fail('home-status', `GET ${homePath} answered ${res.status}, expected 200.`, { response });
        if (!Array.isArray(res.json) || res.json.length !== 3) return fail('home-count', `GET ${homePath} did not answer the 3 activities.`, { response });
        return pass('3 activities, status 200.', { response });
      },
    },
    {
      id: 'segment-sent',
      title: 'An X-Ray segment arrives when GET /api/activities/home is called',
      needs: ['home-still-works'],
      timeoutMs: 3500,
      hints: {
        'no-segment': 'No X-Ray segment reached the daemon. Add `app.use(xrayExpress.openSegment(\'backend-flask\'))` right after `const app = express()`, before the routes, and leave AWS_XRAY_DAEMON_ADDRESS to the environment.',
        'xray-not-added': 'app.js does not load aws-xray-sdk-express yet. Require aws-xray-sdk-core and aws-xray-sdk-express near the top, then add the openSegment middleware before the routes.',
        'no-open-segment': 'The X-Ray SDK is required, but no middleware opens a segment. Add `app.use(xrayExpress.openSegment(\'backend-flask\'));` right after `const app = express();`.',
        'open-segment-late': 'openSegment is registered after the routes. Express runs middleware in order and a route that answers ends the chain, so the segment is never opened: move `app.use(xrayExpress.openSegment(...))` above the first route.',
      },
      pickHint: whyNoSegment,
      async run(ctx) {
        const segment = await homeSegment(ctx);
        if (segment !== undefined) return pass(`Segment ${segment.id} in trace ${segment.traceId}.`, { details: { segment: summary(segment) } });
        return fail('no-segment', `No X-Ray segment arrived after GET ${homePath} (${ctx.segments.all().length} X-Ray documents in all).`, seenEvidence(ctx));
      },
    },
    {
      id: 'segment-named',
      title: 'The segment is named "backend-flask"',
      needs: ['segment-sent'],
      timeoutMs: 3000,
      hints: {
        'named-after-host': 'The segment is named after the request\'s Host header. In the Node SDK, `enableDynamicNaming()` WITHOUT a pattern names every segment after its host (Python\'s dynamic_naming=None turns it off). Call it only when AWS_XRAY_URL is set: `if (xrayUrl) AWSXRay.middleware.enableDynamicNaming(xrayUrl);`.',
        'wrong-name': 'The segment name is the service name X-Ray shows on the trace map and what the group and sampling rule of the next step match. Pass exactly \'backend-flask\' to openSegment.',
      },
      async run(ctx) {
        const segment = await homeSegment(ctx);
        if (segment === undefined) return fail('wrong-name', 'The segment went missing between checks.', seenEvidence(ctx));
        if (segment.name === service) return pass(undefined, { details: { segment: summary(segment) } });
        const host = /^[\w.-]+:\d+$/.test(segment.name) || segment.name === 'localhost' || segment.name === '127.0.0.1';
        return fail(host ? 'named-after-host' : 'wrong-name', `The segment is named ${JSON.stringify(segment.name)}, expected ${JSON.stringify(service)}.`, { details: { segment: summary(segment) } });
      },
    },
    {
      id: 'segment-http',
      title: 'The segment records the request (GET, URL) and the response (200)',
      needs: ['segment-sent'],
      timeoutMs: 3000,
      hints: {
        'http-missing': 'The segment has no complete `http` block. The Express middleware fills http.request and http.response itself when it wraps the whole request: use openSegment before the routes (not a segment you open and close by hand).',
      },
      async run(ctx) {
        const segment = await homeSegment(ctx);
        const http = segment?.document.http;
        const evidence = segment === undefined ? seenEvidence(ctx) : { details: { segment: summary(segment) } };
        if (http?.request?.method !== 'GET' || http.response?.status !== 200) {
          return fail('http-missing', `Expected http.request.method "GET" and http.response.status 200; got ${JSON.stringify(http ?? null)}.`, evidence);
        }
        return pass(`GET ${http.request.url ?? ''} → ${http.response.status}`, evidence);
      },
    },
    {
      id: 'otel-still-works',
      title: 'The OpenTelemetry spans still arrive (Honeycomb keeps working beside X-Ray)',
      needs: ['home-still-works'],
      timeoutMs: 3000,
      hints: {
        'no-server-span': 'X-Ray comes in addition to OpenTelemetry, not instead of it: keep `require(\'./tracing\');` as the very first line of app.js.',
      },
      async run(ctx) {
        await homeRequest(ctx);
        const result = await ctx.spans.waitFor(span({ service, kind: 'server' }), { timeoutMs: 1500 });
        if (result.found) return pass(undefined, spanEvidence(result));
        return fail('no-server-span', 'No HTTP server span from backend-flask arrived over OTLP.', spanEvidence(result));
      },
    },
  ],
});
