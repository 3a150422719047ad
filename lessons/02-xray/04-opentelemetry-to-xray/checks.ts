/**
 * Step "Send X-Ray traces the OpenTelemetry way".
 * Judged on the OTLP spans: trace ids X-Ray accepts (start time in the first 8 hex digits) and an incoming
 * X-Amzn-Trace-Id continued (same trace, the header's Parent as the server span's parent).
 */
import { randomBytes } from 'node:crypto';
import { defineChecks, fail, pass, span, spanEvidence, summarizeSpan, type CheckContext, type Failure, type SourceReader } from '../../../src/checks/index.ts';

const service = 'backend-flask';
const homePath = '/api/activities/home';
/** X-Ray refuses trace ids whose time is more than 30 days old or far in the future; allow clock skew only. */
const maxSkewSeconds = 600;

const homeRequest = (ctx: CheckContext) => ctx.requestOnce('GET', homePath);
const homeServerSpan = span({
  service,
  kind: 'server',
  where: (s) => ([s.name, s.attributes['url.path'], s.attributes['http.target'], s.attributes['http.route']].some((v) => String(v ?? '').includes(homePath)) ? true : `a server span for GET ${homePath}`),
});

async function whyHeaderIgnored(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const tracing = (await source.read('backend/tracing.js')) ?? '';
  if (!/AWSXRayPropagator/.test(tracing)) return 'no-propagator';
  if (!/textMapPropagator\s*:/.test(tracing)) return 'propagator-option';
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
        'home-status': 'The home feed fails since tracing.js changed. The output below names the error; `idGenerator` and `textMapPropagator` want instances: `new AWSXRayIdGenerator()`, `new AWSXRayPropagator()`.',
      },
      async run(ctx) {
        const res = await homeRequest(ctx);
        const response = { method: 'GET', path: homePath, status: res.status, body: res.body.slice(0, 2000) };
        if (res.status !== 200 || !Array.isArray(res.json) || res.json.length !== 3) return fail('home-status', `GET ${homePath} answered ${res.status}, expected 200 with 3 activities.`, { response });
        return pass(undefined, { response });
      },
    },
    {
      id: 'xray-trace-ids',
      title: 'New traces get X-Ray-style ids: the first 8 hex digits are the start time',
      needs: ['home-still-works'],
      timeoutMs: 3500,
      hints: {
        'no-server-span': 'No server span for the home feed arrived over OTLP: keep require(\'./tracing\') first in app.js and the HttpInstrumentation in tracing.js.',
        'random-trace-id': 'The trace id is random (W3C style). X-Ray needs the start time in its first 8 hex digits: pass `idGenerator: new AWSXRayIdGenerator()` to the NodeSDK.',
      },
      async run(ctx) {
        await homeRequest(ctx);
        const result = await ctx.spans.waitFor(homeServerSpan, { timeoutMs: 2000 });
        if (!result.found) return fail('no-server-span', `No server span for GET ${homePath} from ${service}.`, spanEvidence(result));
        const seconds = Number.parseInt(result.span.traceId.slice(0, 8), 16);
        const skew = Math.round(Math.abs(seconds - Date.now() / 1000));
        const xrayId = `1-${result.span.traceId.slice(0, 8)}-${result.span.traceId.slice(8)}`;
        const evidence = { ...spanEvidence(result), details: { traceId: result.span.traceId, asXray: xrayId, secondsFromNow: skew } };
        if (skew <= maxSkewSeconds) return pass(`Trace ${result.span.traceId} is X-Ray trace ${xrayId}.`, evidence);
        return fail('random-trace-id', `The trace id ${result.span.traceId} does not start with the current time (its first 8 hex digits are ${skew} s away from now).`, evidence);
      },
    },
    {
      id: 'continues-amzn-trace',
      title: 'A request with an X-Amzn-Trace-Id header continues that trace',
      needs: ['home-still-works'],
      timeoutMs: 3500,
      hints: {
        'header-ignored': 'The server span started a trace of its own instead of joining the one in X-Amzn-Trace-Id. Pass `textMapPropagator: new AWSXRayPropagator()` to the NodeSDK.',
        'no-propagator': 'tracing.js has no AWSXRayPropagator yet: require it from @opentelemetry/propagator-aws-xray and pass `textMapPropagator: new AWSXRayPropagator()` to the NodeSDK.',
        'propagator-option': 'The propagator is there but under an option NodeSDK ignores. The option is called `textMapPropagator`.',
      },
      pickHint: whyHeaderIgnored,
      async run(ctx) {
        const epoch = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
        const random = randomBytes(12).toString('hex');
        const parent = randomBytes(8).toString('hex');
        const header = `Root=1-${epoch}-${random};Parent=${parent};Sampled=1`;
        const traceId = `${epoch}${random}`;
        await ctx.request('GET', homePath, undefined, { headers: { 'X-Amzn-Trace-Id': header } });
        const joined = await ctx.spans.waitFor(span({ service, kind: 'server', where: (s) => (s.traceId === traceId ? true : `in trace ${traceId}`) }), { timeoutMs: 2000 });
        const details = { sent: { 'X-Amzn-Trace-Id': header } };
        if (!joined.found) {
          const servers = ctx.spans.find(span({ service, kind: 'server' })).slice(-3).map((s) => summarizeSpan(s));
          return fail('header-ignored', `No server span joined trace ${traceId} from the X-Amzn-Trace-Id header.`, { details: { ...details, latestServerSpans: servers } });
        }
        if (joined.span.parentSpanId !== parent) return fail('header-ignored', `The server span is in the trace but its parent is ${joined.span.parentSpanId ?? 'none'}, not the header's Parent ${parent}.`, { ...spanEvidence(joined), details });
        return pass(`The server span joined trace ${traceId} under ${parent}.`, { ...spanEvidence(joined), details });
      },
    },
  ],
});
