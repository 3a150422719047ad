/**
 * Step "Create a span around the home activities mock data".
 * Judged on what the app really does: its answer to GET /api/activities/home and the spans it exports.
 * Source text is read only in pickHint, to say *why* no span arrived.
 */
import {
  defineChecks,
  describeDiffs,
  diffOn,
  fail,
  isoString,
  pass,
  span,
  spanEvidence,
  type CheckContext,
  type Failure,
  type SourceReader,
} from '../../../src/checks/index.ts';

const spanName = 'home-activities-mock-data';
const tracerName = 'home.activities';
const service = 'backend-flask';

const homeRequest = (ctx: CheckContext) => ctx.requestOnce('GET', '/api/activities/home');
const mockDataSpan = span({ name: spanName, scope: tracerName });

/** Why no span at all arrived, from the files the step asks for (only ever used to choose a hint). */
async function whyNoSpans(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const tracing = (await source.read('backend/tracing.js')) ?? (await source.read('backend/tracing.cjs'));
  const app = (await source.read('backend/app.js')) ?? '';
  if (tracing === undefined) return 'no-tracing-file';
  const requireAt = app.search(/require\(\s*['"]\.\/tracing(\.c?js)?['"]\s*\)/);
  if (requireAt < 0) return 'tracing-not-required';
  const firstOtherRequire = app.search(/require\(\s*['"](?!\.\/tracing)/);
  if (firstOtherRequire >= 0 && firstOtherRequire < requireAt) return 'tracing-required-late';
  if (/localhost:4318|127\.0\.0\.1:4318|api\.honeycomb\.io/.test(tracing)) return 'hardcoded-endpoint';
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
        'home-status': 'The home feed now fails. Look at the app output below: an error thrown inside your span code (a typo in a variable name, a missing require) ends the request with a 500.',
        'home-not-array': 'The route must still return the list of activities. If you wrapped the code in a callback (startActiveSpan), make sure the callback returns `results` and that run() returns what the callback returns.',
        'home-count': 'The route answers, but not with the 3 mock activities. Your span code should wrap the mock data, not change it.',
      },
      async run(ctx) {
        const res = await homeRequest(ctx);
        const response = { method: 'GET', path: '/api/activities/home', status: res.status, body: res.body.slice(0, 2000) };
        if (res.status !== 200) return fail('home-status', `GET /api/activities/home answered ${res.status}, expected 200.`, { response });
        if (!Array.isArray(res.json)) return fail('home-not-array', 'GET /api/activities/home did not answer with a JSON array of activities.', { response });
        if (res.json.length !== 3) return fail('home-count', `GET /api/activities/home answered ${res.json.length} activities, expected 3.`, { response });
        return pass('3 activities, status 200.', { response });
      },
    },
    {
      id: 'exports-spans',
      title: `Spans from service "${service}" reach the local Honeycomb`,
      timeoutMs: 4000,
      hints: {
        'no-spans': [
          'No span arrived at all, so tracing is not set up yet. Create backend/tracing.js that builds a TracerProvider with an OTLP exporter, and make `require(\'./tracing\');` the FIRST line of app.js.',
          'Still no spans. Simplest: in tracing.js, `new NodeSDK({ traceExporter: new OTLPTraceExporter(), instrumentations: [...] })` and then `sdk.start()`. With SDK 3 a hand-built processor takes an options object: `new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })`, passed to the provider\'s constructor as `spanProcessors: [...]`.',
        ],
        'no-tracing-file': 'No span arrived, and there is no backend/tracing.js yet. Create it with the OpenTelemetry SDK (TracerProvider + OTLP exporter) and require it first in app.js.',
        'tracing-not-required': 'backend/tracing.js exists but app.js never loads it. Add `require(\'./tracing\');` as the very first line of app.js.',
        'tracing-required-late': 'app.js requires ./tracing after other modules. Make it the FIRST require, so tracing is set up before express and your services load.',
        'hardcoded-endpoint': 'tracing.js names an endpoint itself. Leave the exporter\'s url out: it reads OTEL_EXPORTER_OTLP_ENDPOINT, which the workshop (like the bootcamp\'s docker-compose) sets for you.',
        'wrong-service': 'Spans arrive, but under another service name. Do not set a service name in code: OTEL_SERVICE_NAME=backend-flask is already in the environment, and the SDK reads it.',
      },
      pickHint: whyNoSpans,
      async run(ctx) {
        await homeRequest(ctx);
        const result = await ctx.spans.waitFor(span({ service }), { timeoutMs: 2500 });
        if (result.found) return pass(`Spans arrive from "${service}".`, spanEvidence(result));
        const actual = diffOn(result, 'service')?.actual;
        if (result.nearest === undefined) return fail('no-spans', `No span arrived within ${result.waitedMs} ms of GET /api/activities/home.`, spanEvidence(result));
        if (typeof actual === 'string' && actual.startsWith('unknown_service') && ctx.app.env['OTEL_SERVICE_NAME'] === undefined) {
          return fail('service-name-unset', 'OTEL_SERVICE_NAME is not set in the sandbox environment, so the service name cannot be checked.', spanEvidence(result), 'environment');
        }
        return fail('wrong-service', `Spans arrive from service ${JSON.stringify(actual ?? '(none)')}, expected "${service}".`, spanEvidence(result));
      },
    },
    {
      id: 'span-named',
      title: `A span "${spanName}" from tracer "${tracerName}"`,
      needs: ['exports-spans'],
      timeoutMs: 3000,
      hints: {
        'span-name-typo': 'Almost: compare the span name you typed with `home-activities-mock-data`, letter by letter.',
        'span-missing': [
          'Spans arrive, but none named `home-activities-mock-data`. In services/home_activities.js get a tracer with trace.getTracer(\'home.activities\') and wrap the mock data in tracer.startActiveSpan(\'home-activities-mock-data\', (span) => { ...; span.end(); }).',
          'Make sure the span is ended (span.end()): a span that never ends is never exported.',
        ],
        'tracer-typo': 'The span is there, but its tracer name is slightly off: use exactly trace.getTracer(\'home.activities\').',
        'wrong-tracer': 'The span is there, but it was made by another tracer. Get the tracer with trace.getTracer(\'home.activities\') in services/home_activities.js.',
      },
      async run(ctx) {
        await homeRequest(ctx);
        const result = await ctx.spans.waitFor(mockDataSpan, { timeoutMs: 1500 });
        if (result.found) return pass(undefined, spanEvidence(result));
        const evidence = spanEvidence(result);
        const name = diffOn(result, 'name');
        if (name?.problem === 'typo') return fail('span-name-typo', `A span named ${JSON.stringify(name.actual)} arrived; expected "${spanName}".`, evidence);
        if (name !== undefined || result.nearest === undefined) {
          const seen = [...new Set(ctx.spans.all().map((s) => s.name))].slice(0, 8);
          return fail('span-missing', `No span named "${spanName}" arrived. Spans seen: ${seen.map((n) => JSON.stringify(n)).join(', ') || 'none'}.`, evidence);
        }
        const scope = diffOn(result, 'scope');
        return fail(scope?.problem === 'typo' ? 'tracer-typo' : 'wrong-tracer', `The span came from tracer ${JSON.stringify(scope?.actual ?? '')}, expected "${tracerName}".`, evidence);
      },
    },
    {
      id: 'span-attributes',
      title: 'The span has app.now (an ISO timestamp) and app.result_length = 3',
      needs: ['span-named'],
      timeoutMs: 2000,
      hints: {
        'result-length-missing': 'Add the result count to the span: span.setAttribute(\'app.result_length\', results.length), after results is built.',
        'result-length-string': 'app.result_length arrived as the string "3". Pass the number itself: span.setAttribute(\'app.result_length\', results.length), not a template string or String(...).',
        'result-length-wrong': 'app.result_length is not 3. Set it from the final list (results.length) after all the mock activities are in it.',
        'now-missing': 'Add the time to the span: span.setAttribute(\'app.now\', now.toISOString()). A Date object itself is not a valid attribute value and is dropped.',
        'now-not-iso': 'app.now must be an ISO 8601 string like 2023-02-25T18:39:27.123Z: use now.toISOString() (or the isoformat() helper), not String(now) or a number.',
        'attribute-key-typo': 'An attribute name is slightly off. The names are exactly `app.now` and `app.result_length`.',
      },
      async run(ctx) {
        const want = span({ name: spanName, scope: tracerName, attributes: { 'app.now': isoString(), 'app.result_length': 3 } });
        // The span itself already arrived (previous check): this only reads its attributes.
        const result = await ctx.spans.waitFor(want, { timeoutMs: 400 });
        if (result.found) return pass(undefined, spanEvidence(result));
        const evidence = spanEvidence(result);
        const message = `The span's attributes differ: ${describeDiffs(result.diffs)}.`;
        const length = diffOn(result, 'attributes.app.result_length');
        const now = diffOn(result, 'attributes.app.now');
        if (length?.problem === 'typo' || now?.problem === 'typo') return fail('attribute-key-typo', message, evidence);
        if (length?.problem === 'missing') return fail('result-length-missing', message, evidence);
        if (length?.problem === 'wrong-type') return fail(typeof length.actual === 'string' ? 'result-length-string' : 'result-length-wrong', message, evidence);
        if (length !== undefined) return fail('result-length-wrong', message, evidence);
        if (now?.problem === 'missing') return fail('now-missing', message, evidence);
        return fail('now-not-iso', message, evidence);
      },
    },
    {
      id: 'span-in-request',
      // Required: a tracing.js loaded after express still exports spans, but the request is no longer traced.
      title: 'The span sits inside the HTTP request\'s trace',
      needs: ['span-named'],
      timeoutMs: 2500,
      hints: {
        'span-is-root': 'Your span starts its own trace: the request has no server span above it. The usual cause is tracing.js loading too late: make `require(\'./tracing\');` the very FIRST line of app.js, before express, so the http and express instrumentations can patch them.',
        'parent-missing': 'Your span has a parent that never arrived: the request\'s span was not exported. Check that the HTTP instrumentation uses the same provider as your tracer.',
        'parent-not-server': 'Your span has a parent, but no HTTP server span above it. Register @opentelemetry/instrumentation-http so each request gets a server span.',
      },
      async run(ctx) {
        const result = await ctx.spans.waitFor(span({ name: spanName, scope: tracerName, descendantOf: span({ kind: 'server' }) }), { timeoutMs: 1000 });
        if (result.found) return pass(undefined, spanEvidence(result));
        const evidence = spanEvidence(result);
        const ancestor = diffOn(result, 'ancestor');
        const parentId = result.nearest?.parentSpanId;
        if (parentId === undefined) return fail('span-is-root', `"${spanName}" has no parent span: it is the root of its own trace.`, evidence);
        if (ancestor?.problem === 'missing') return fail('parent-missing', `"${spanName}" has parent ${parentId}, but that span never arrived.`, evidence);
        return fail('parent-not-server', `"${spanName}" is inside ${JSON.stringify(ancestor?.actual ?? '')}, with no HTTP server span above it.`, evidence);
      },
    },
  ],
});
