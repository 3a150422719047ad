/**
 * Step "Keep secrets out of your telemetry". The app is started with fresh, random stand-ins for the secrets the
 * bootcamp's backend held (Honeycomb key in OTEL_EXPORTER_OTLP_HEADERS, ROLLBAR_ACCESS_TOKEN,
 * AWS_SECRET_ACCESS_KEY), and the home feed is requested with a random bearer token and session cookie. A secret
 * counts as leaked when its value shows up anywhere the app exported (span names, attributes, events, status,
 * resource, links) or printed (its output, which would go to CloudWatch). Random per run, so no fixed value can
 * be special-cased and nothing real is ever at stake.
 */
import { randomBytes } from 'node:crypto';
import { defineChecks, fail, pass, span, spanEvidence, summarizeSpan, type CheckContext, type StoredSpan } from '../../../src/checks/index.ts';

const token = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;

const secrets = {
  honeycombKey: token('hcaik_'),
  rollbarToken: token('rbt_'),
  awsSecret: token('aws_'),
  bearer: token('bearer_'),
  session: token('sess_'),
};
const requestId = token('req-');

/** Where each secret came from, as the learner knows it (never the value). */
const secretNames: Record<keyof typeof secrets, string> = {
  honeycombKey: 'the Honeycomb key in OTEL_EXPORTER_OTLP_HEADERS',
  rollbarToken: 'ROLLBAR_ACCESS_TOKEN',
  awsSecret: 'AWS_SECRET_ACCESS_KEY',
  bearer: 'the request\'s Authorization header',
  session: 'the request\'s session cookie',
};
const reasonOf: Record<keyof typeof secrets, string> = {
  honeycombKey: 'env-secret-leaked',
  rollbarToken: 'env-secret-leaked',
  awsSecret: 'env-secret-leaked',
  bearer: 'authorization-leaked',
  session: 'cookie-leaked',
};

const homePath = '/api/activities/home';
const homeRequest = (ctx: CheckContext) =>
  ctx.requestOnce('GET', homePath, undefined, {
    headers: { authorization: `Bearer ${secrets.bearer}`, cookie: `session=${secrets.session}`, 'x-request-id': requestId, 'user-agent': 'cruddur-checks/1.0' },
  });

const servedHome = (s: StoredSpan): true | string => {
  const path = s.attributes['url.path'] ?? s.attributes['http.target'];
  return path === homePath ? true : `served ${JSON.stringify(path ?? s.name)}`;
};
const homeServer = span({ kind: 'server', where: servedHome });

/** Every text a span carries, with where it sits, so a finding can name the attribute without showing the value. */
function* spanTexts(s: StoredSpan): Generator<[where: string, text: string]> {
  yield ['span name', s.name];
  for (const [key, value] of Object.entries(s.attributes)) yield [`attribute ${key}`, JSON.stringify(value)];
  for (const [key, value] of Object.entries(s.resource)) yield [`resource attribute ${key}`, JSON.stringify(value)];
  for (const event of s.events) {
    yield [`event ${JSON.stringify(event.name)}`, event.name];
    for (const [key, value] of Object.entries(event.attributes)) yield [`attribute ${key} of event ${JSON.stringify(event.name)}`, JSON.stringify(value)];
  }
  if (s.status.message !== undefined) yield ['status message', s.status.message];
  for (const link of s.links) yield ['link attributes', JSON.stringify(link.attributes)];
}

interface Leak {
  secret: keyof typeof secrets;
  where: string;
  span?: StoredSpan;
}

function findLeaks(spans: readonly StoredSpan[], output: string): Leak[] {
  const leaks: Leak[] = [];
  const entries = Object.entries(secrets) as [keyof typeof secrets, string][];
  for (const s of spans) {
    for (const [where, text] of spanTexts(s)) {
      for (const [secret, value] of entries) if (text.includes(value)) leaks.push({ secret, where: `${where} of span "${s.name}"`, span: s });
    }
  }
  for (const [secret, value] of entries) if (output.includes(value)) leaks.push({ secret, where: 'the app\'s output (its logs)' });
  return leaks;
}

const leakHints = {
  'authorization-leaked': [
    'The bearer token of the Authorization header was exported. Copy headers by name from an allowlist (x-request-id, x-forwarded-for) and never list authorization: anyone who can query the traces could replay the token.',
    'Look for where headers reach a span: headersToSpanAttributes lists, or a requestHook that copies request.headers wholesale. Keep only the allowlisted names.',
  ],
  'cookie-leaked': 'The session cookie was exported. Cookies are credentials like the Authorization header: leave the cookie header out of every span and log line.',
  'env-secret-leaked': 'A secret from the environment (the Honeycomb key, the Rollbar token or the AWS secret key) reached the telemetry. Never record process.env or OTEL_EXPORTER_OTLP_HEADERS; to know whether a key is set, record a boolean such as Boolean(process.env.ROLLBAR_ACCESS_TOKEN).',
  'secret-in-output': 'A secret was printed to the app\'s output, which goes to the logs (CloudWatch in the bootcamp). Do not console.log request headers or the environment; log the header names or a boolean instead.',
};

export default defineChecks({
  app: {
    cwd: 'backend',
    command: 'node',
    args: ['app.js'],
    // By this chapter the app also loads Rollbar, winston and the AWS SDK: slow to start on a busy machine.
    readyTimeoutMs: 30_000,
    env: {
      OTEL_EXPORTER_OTLP_HEADERS: `x-honeycomb-team=${secrets.honeycombKey}`,
      ROLLBAR_ACCESS_TOKEN: secrets.rollbarToken,
      AWS_SECRET_ACCESS_KEY: secrets.awsSecret,
    },
  },
  checks: [
    {
      id: 'home-still-works',
      title: 'GET /api/activities/home with credentials still answers 200',
      timeoutMs: 3000,
      hints: {
        'home-status': 'The home feed fails once the request carries headers. Look at the app output below: a requestHook that throws (reading a header that is not there, say) ends the request with a 500.',
      },
      async run(ctx) {
        const res = await homeRequest(ctx);
        const response = { method: 'GET', path: homePath, status: res.status, body: res.body.slice(0, 500) };
        if (res.status !== 200) return fail('home-status', `GET ${homePath} answered ${res.status}, expected 200.`, { response });
        return pass('Status 200.', { response });
      },
    },
    {
      id: 'request-id-recorded',
      title: 'The request\'s server span records its x-request-id header',
      timeoutMs: 4000,
      hints: {
        'request-id-missing': [
          'The server span has no x-request-id. Give HttpInstrumentation the option headersToSpanAttributes: { server: { requestHeaders: [\'x-request-id\', \'x-forwarded-for\'] } } in tracing.js.',
          'Header names are written as on the wire, lowercase with dashes: x-request-id (not x_request_id). The attribute then appears as http.request.header.x-request-id. A dump of all headers in one attribute does not count (and leaks credentials).',
        ],
        'no-server-span': 'No server span for GET /api/activities/home arrived. Keep both instrumentations (HttpInstrumentation and ExpressInstrumentation) in tracing.js.',
      },
      async run(ctx) {
        await homeRequest(ctx);
        // The instrumentation's own attribute (an array: headers can repeat), or one the learner set by hand.
        const hasId = (s: StoredSpan): true | string => {
          const found = ['http.request.header.x-request-id', 'app.request_id'].some((key) => JSON.stringify(s.attributes[key] ?? null).includes(requestId));
          return found ? true : 'neither http.request.header.x-request-id nor app.request_id holds the x-request-id sent';
        };
        const result = await ctx.spans.waitFor(span({ kind: 'server', where: (s) => (servedHome(s) === true ? hasId(s) : servedHome(s)) }), { timeoutMs: 2500 });
        if (result.found) return pass('The x-request-id sent is on the server span.', spanEvidence(result));
        if (ctx.spans.find(homeServer).length === 0) return fail('no-server-span', `No server span for GET ${homePath} arrived within ${result.waitedMs} ms.`, spanEvidence(result));
        return fail('request-id-missing', `The server span of GET ${homePath} does not carry the x-request-id header that was sent.`, spanEvidence(result));
      },
    },
    {
      id: 'no-secrets-exported',
      title: 'No secret (Authorization, cookie, Honeycomb key, Rollbar token, AWS secret key) in any span or log line',
      timeoutMs: 4000,
      hints: leakHints,
      async run(ctx) {
        await homeRequest(ctx);
        // Judge only once the request's spans are in: a leak must not pass by arriving late.
        const served = await ctx.spans.waitFor(homeServer, { timeoutMs: 2500 });
        if (!served.found) return fail('home-not-traced', `No server span for GET ${homePath} arrived, so there is nothing to judge yet.`, spanEvidence(served), 'timeout');
        await new Promise((resolve) => setTimeout(resolve, 300));
        const spans = ctx.spans.all();
        const leaks = findLeaks(spans, ctx.app.output());
        const seen = `${spans.length} spans and the app output searched`;
        if (leaks.length === 0) return pass(`No secret found (${seen}).`, { details: { searched: spans.length } });
        const first = leaks[0]!;
        const reason = first.span === undefined ? 'secret-in-output' : reasonOf[first.secret];
        const found = leaks.map((l) => `${secretNames[l.secret]} in ${l.where}`);
        const evidence = { details: { leaks: [...new Set(found)].slice(0, 10) }, ...(first.span === undefined ? {} : { nearest: summarizeSpan(redacted(first.span)) }) };
        return fail(reason, `${secretNames[first.secret]} was found in ${first.where} (in this run it is a random stand-in, never a real key).`, evidence);
      },
    },
  ],
});

/** A span as evidence, with every secret value masked, so the result panel does not repeat the leak. */
function redacted(s: StoredSpan): StoredSpan {
  const mask = (text: string): string => Object.values(secrets).reduce((acc, value) => acc.split(value).join('[REDACTED]'), text);
  const attributes = Object.fromEntries(Object.entries(s.attributes).map(([key, value]) => [key, typeof value === 'string' ? mask(value) : JSON.parse(mask(JSON.stringify(value)))]));
  return { ...s, name: mask(s.name), attributes };
}
