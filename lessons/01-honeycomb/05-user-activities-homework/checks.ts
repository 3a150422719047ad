/**
 * Step "Homework: a user id and a span of your own". Judged on GET /api/activities/@worf: the answer, a span
 * "user-activities-mock-data" from tracer "user.activities" inside that request's trace, and app.user_id = "worf"
 * on it. Asking for @worf (not the hard-coded current user, andrewbrown) shows a hard-coded id for what it is.
 */
import { defineChecks, diffOn, fail, pass, span, spanEvidence, type CheckContext, type StoredSpan } from '../../../src/checks/index.ts';

const handle = 'worf';
const userPath = `/api/activities/@${handle}`;
const spanName = 'user-activities-mock-data';
const tracerName = 'user.activities';

const userRequest = (ctx: CheckContext) => ctx.requestOnce('GET', userPath);

/** The server span that answered the user route (url.path in semconv 1.2x, http.target before). */
const servedUser = (s: StoredSpan): true | string => {
  const path = s.attributes['url.path'] ?? s.attributes['http.target'];
  return path === userPath ? true : `served ${JSON.stringify(path ?? s.name)}`;
};
const userServerSpan = span({ kind: 'server', where: servedUser });

export default defineChecks({
  app: { cwd: 'backend', command: 'node', args: ['app.js'] },
  checks: [
    {
      id: 'user-still-works',
      title: `GET ${userPath} still answers 200 with 1 activity`,
      timeoutMs: 3000,
      hints: {
        'user-status': 'The user feed now fails: look at the app output below. If you wrapped run() in tracer.startActiveSpan(...), run() must `return` what the callback returns, and the callback must return the model.',
        'user-not-array': 'The user feed no longer answers a list. The callback must return the model ({ errors, data }) unchanged.',
      },
      async run(ctx) {
        const res = await userRequest(ctx);
        const response = { method: 'GET', path: userPath, status: res.status, body: res.body.slice(0, 2000) };
        if (res.status !== 200) return fail('user-status', `GET ${userPath} answered ${res.status}, expected 200.`, { response });
        if (!Array.isArray(res.json) || res.json.length !== 1) return fail('user-not-array', `GET ${userPath} did not answer a JSON array of 1 activity.`, { response });
        return pass('1 activity, status 200.', { response });
      },
    },
    {
      id: 'own-span',
      title: `A span "${spanName}" from tracer "${tracerName}" inside the request's trace`,
      timeoutMs: 4000,
      hints: {
        'span-missing': [
          `No span "${spanName}" arrived. In services/user_activities.js get a tracer with trace.getTracer('${tracerName}') and run the body of run() inside tracer.startActiveSpan('${spanName}', (span) => { try { ... } finally { span.end(); } }).`,
          'Still no span: make sure span.end() runs (the finally block); a span that never ends is never exported.',
        ],
        'span-name-typo': `Almost: compare your span's name with "${spanName}", letter by letter.`,
        'wrong-tracer': `The span is there, but from another tracer: use trace.getTracer('${tracerName}').`,
        'span-is-root': 'Your span starts a trace of its own, so in Honeycomb it is not under the request. Start it with tracer.startActiveSpan(name, callback) without passing a context: it then takes the current one, the request\'s.',
        'span-outside-request': `Your span is in a trace, but not under the server span of GET ${userPath}. Start it inside run(), while the request is served.`,
      },
      async run(ctx) {
        await userRequest(ctx);
        const result = await ctx.spans.waitFor(span({ name: spanName, scope: tracerName, descendantOf: userServerSpan }), { timeoutMs: 2500 });
        if (result.found) return pass(`"${spanName}" is in trace ${result.span.traceId}, under the request's server span.`, spanEvidence(result));
        const evidence = spanEvidence(result);
        const name = diffOn(result, 'name');
        if (name?.problem === 'typo') return fail('span-name-typo', `A span named ${JSON.stringify(name.actual)} arrived; expected "${spanName}".`, evidence);
        const mine = ctx.spans.all().find((s) => s.name === spanName);
        if (mine === undefined) return fail('span-missing', `No span named "${spanName}" arrived within ${result.waitedMs} ms of GET ${userPath}.`, evidence);
        if (mine.scope.name !== tracerName) return fail('wrong-tracer', `"${spanName}" came from tracer ${JSON.stringify(mine.scope.name)}, expected "${tracerName}".`, evidence);
        if (mine.parentSpanId === undefined) return fail('span-is-root', `"${spanName}" has no parent: it is the root of trace ${mine.traceId}.`, evidence);
        return fail('span-outside-request', `"${spanName}" has no server span of GET ${userPath} above it.`, evidence);
      },
    },
    {
      id: 'user-id',
      title: `Your span has app.user_id = "${handle}", the handle asked for`,
      needs: ['own-span'],
      timeoutMs: 2000,
      hints: {
        'user-id-missing': 'Set the attribute on your own span, inside the callback: span.setAttribute(\'app.user_id\', user_handle). trace.getActiveSpan() before startActiveSpan is another span (Express\'s request handler).',
        'user-id-key-typo': 'The attribute name is slightly off: it is exactly `app.user_id`.',
        'user-id-hardcoded': `app.user_id says "andrewbrown" for a request about @${handle}. Use the handle run() receives (user_handle), not the hard-coded current user.`,
        'user-id-wrong': `app.user_id must be the handle from the URL, as a string: for ${userPath} that is "${handle}".`,
      },
      async run(ctx) {
        const result = await ctx.spans.waitFor(span({ name: spanName, scope: tracerName, attributes: { 'app.user_id': handle } }), { timeoutMs: 500 });
        if (result.found) return pass(undefined, spanEvidence(result));
        const evidence = spanEvidence(result);
        const diff = diffOn(result, 'attributes.app.user_id');
        if (diff?.problem === 'typo') return fail('user-id-key-typo', `No app.user_id on "${spanName}": ${diff.note ?? 'a similar key is there'}.`, evidence);
        if (diff?.problem === 'missing') return fail('user-id-missing', `"${spanName}" has no app.user_id attribute.`, evidence);
        if (diff?.actual === 'andrewbrown') return fail('user-id-hardcoded', `app.user_id is "andrewbrown", but the request asked for @${handle}.`, evidence);
        return fail('user-id-wrong', `app.user_id is ${JSON.stringify(diff?.actual)}, expected "${handle}".`, evidence);
      },
    },
  ],
});
