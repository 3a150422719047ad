/**
 * Step "Put the return back".
 * Judged on the app's answers and on this run's private Rollbar: the home feed works again, Rollbar is still
 * connected (the /rollbar/test warning arrives), and the home request no longer produces an error item.
 */
import { defineChecks, fail, pass, type CheckContext, type Evidence, type Failure, type RollbarOccurrenceItem, type SourceReader } from '../../../src/checks/index.ts';

const homePath = '/api/activities/home';
// Generous: a failing request waits for rollbar.errorHandler() to deliver its item before it answers.
const homeRequest = (ctx: CheckContext) => ctx.requestOnce('GET', homePath, undefined, { timeoutMs: 6000 });
const testRequest = (ctx: CheckContext) => ctx.requestOnce('GET', '/rollbar/test', undefined, { timeoutMs: 5000 });

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

function messageText(item: RollbarOccurrenceItem): string | undefined {
  const text = asObject(asObject(item.data['body'])?.['message'])?.['body'];
  return typeof text === 'string' ? text : undefined;
}

/** The path of the request an item was reported with, if any. */
function requestPath(item: RollbarOccurrenceItem): string | undefined {
  const url = asObject(item.data['request'])?.['url'];
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

const isHelloWorld = (item: RollbarOccurrenceItem) => item.kind === 'message' && messageText(item) === 'Hello World!';

function itemsEvidence(ctx: CheckContext, extra: Evidence = {}): Evidence {
  const items = ctx.rollbar.all().slice(-8).map((item) => ({ level: item.level, kind: item.kind, title: item.title.slice(0, 200), request: requestPath(item) }));
  return { ...extra, details: { ...extra.details, 'Rollbar items received': items } };
}

/** Why Rollbar went quiet (only ever used to choose a hint). */
async function whyNoWarning(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const app = (await source.read('backend/app.js')) ?? '';
  if (!/require\(\s*['"]\.\/rollbar(\.js)?['"]\s*\)/.test(app)) return 'rollbar-removed';
  return undefined;
}

export default defineChecks({
  // Generous start-up: OpenTelemetry, Rollbar, winston and the AWS SDK all load before the app listens.
  app: { cwd: 'backend', command: 'node', args: ['app.js'], readyTimeoutMs: 30_000 },
  checks: [
    {
      id: 'home-works',
      title: 'GET /api/activities/home answers 200 with 3 activities again',
      timeoutMs: 7000,
      hints: {
        'home-status': 'The home feed still fails. In backend/services/home_activities.js put the `return` back: `results;` becomes `return results;` again.',
        'home-count': 'The home feed answers, but not with the 3 activities. Fix the cause in the service (`return results;`) rather than covering it in the route with a default like `|| []`: a default hides the error from Rollbar and from the user alike.',
        'home-not-array': 'The home feed must answer with the JSON array of activities, as before the demo.',
      },
      async run(ctx) {
        const res = await homeRequest(ctx);
        const response = { method: 'GET', path: homePath, status: res.status, body: res.body.slice(0, 1000) };
        if (res.status !== 200) return fail('home-status', `GET ${homePath} answered ${res.status}, expected 200.`, { response });
        if (!Array.isArray(res.json)) return fail('home-not-array', `GET ${homePath} did not answer with a JSON array.`, { response });
        if (res.json.length !== 3) return fail('home-count', `GET ${homePath} answered ${res.json.length} activities, expected 3.`, { response });
        return pass('3 activities, status 200.', { response });
      },
    },
    {
      id: 'rollbar-still-connected',
      title: 'Rollbar is still connected: GET /rollbar/test sends its warning',
      timeoutMs: 10000,
      hints: {
        'no-warning': 'The fix went too far: Rollbar no longer receives the /rollbar/test warning. Keep backend/rollbar.js, `const rollbar = require(\'./rollbar\');`, `rollbar.warning(\'Hello World!\')` and `app.use(rollbar.errorHandler())`: the next error should reach Rollbar too.',
        'rollbar-removed': 'app.js no longer loads Rollbar. Fixing the error does not mean removing the reporting: put back `const rollbar = require(\'./rollbar\');`, the warning in /rollbar/test and `app.use(rollbar.errorHandler());`.',
      },
      pickHint: whyNoWarning,
      async run(ctx) {
        await testRequest(ctx);
        const result = await ctx.rollbar.waitFor(isHelloWorld, { timeoutMs: 4000 });
        if (result.found) return pass('The "Hello World!" warning arrived.', itemsEvidence(ctx));
        return fail('no-warning', `No "Hello World!" message reached Rollbar within ${result.waitedMs} ms of GET /rollbar/test.`, itemsEvidence(ctx));
      },
    },
    {
      id: 'no-home-error',
      title: 'The home feed no longer reports an error to Rollbar',
      // Only meaningful while Rollbar is connected: otherwise "no error" proves nothing.
      needs: ['rollbar-still-connected'],
      timeoutMs: 3000,
      hints: {
        'home-error-reported': 'Rollbar still receives an error from GET /api/activities/home. Put `return results;` back in backend/services/home_activities.js.',
      },
      async run(ctx) {
        await homeRequest(ctx);
        // rollbar.errorHandler() delivers the item before it passes the error on, so the item of a failed home
        // request is in before its 500 answer; the warning that already arrived shows delivery works.
        const homeErrors = ctx.rollbar.find((item) => item.kind !== 'message' || item.level === 'error').filter((item) => requestPath(item) === homePath);
        if (homeErrors.length > 0) return fail('home-error-reported', `Rollbar received ${homeErrors.length} error item(s) for GET ${homePath}: ${homeErrors[0]?.title.slice(0, 160)}`, itemsEvidence(ctx));
        return pass(`No error item for GET ${homePath}.`, itemsEvidence(ctx));
      },
    },
  ],
});
