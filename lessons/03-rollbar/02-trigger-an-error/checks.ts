/**
 * Step "Trigger an error and find it in Rollbar".
 * The learner removes the `return` from the home service, as the bootcamp did on camera. Judged on the app's
 * answer (500) and on the error item this run's private Rollbar received: level, environment, exception, the
 * stack frames in backend/app.js and the request. Source text is read only in pickHint.
 */
import { defineChecks, fail, pass, type CheckContext, type Evidence, type Failure, type RollbarOccurrenceItem, type SourceReader } from '../../../src/checks/index.ts';

const homePath = '/api/activities/home';
// Generous: the failing request waits for rollbar.errorHandler() to deliver its item before it answers.
const homeRequest = (ctx: CheckContext) => ctx.requestOnce('GET', homePath, undefined, { timeoutMs: 6000 });
/** Flask's wording, which the starter app's respond() repeats when a service returns nothing. */
const noReturnText = 'did not return a valid response';

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

interface Frame {
  method?: string;
  filename?: string;
  lineno?: number;
}

/** The first exception of a trace or trace_chain body, with its frames (oldest call first, as Rollbar sends them). */
function traceOf(item: RollbarOccurrenceItem): { exception: Json; frames: Frame[] } | undefined {
  const body = asObject(item.data['body']);
  const chain = body?.['trace_chain'];
  const trace = Array.isArray(chain) ? asObject(chain[0]) : asObject(body?.['trace']);
  if (trace === undefined) return undefined;
  const frames = Array.isArray(trace['frames']) ? trace['frames'].map((f) => (asObject(f) ?? {}) as Frame) : [];
  return { exception: asObject(trace['exception']) ?? {}, frames };
}

/** An item about the demo error, whatever its shape: the exception's message, or a message item's text. */
const isNoReturnError = (item: RollbarOccurrenceItem) => item.title.includes(noReturnText);

const appFrames = (frames: Frame[]) => frames.filter((f) => typeof f.filename === 'string' && /(^|\/)backend\/app\.js$/.test(f.filename));

function itemsEvidence(ctx: CheckContext, extra: Evidence = {}): Evidence {
  const items = ctx.rollbar.all().slice(-8).map((item) => ({ level: item.level, environment: item.environment, kind: item.kind, title: item.title.slice(0, 200) }));
  return { ...extra, details: { ...extra.details, 'Rollbar items received': items } };
}

/** Why the error never reached Rollbar (only ever used to choose a hint). */
async function whyNoErrorItem(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const app = (await source.read('backend/app.js')) ?? '';
  if (/app\.use\(\s*rollbar\.errorHandler\s*\)/.test(app)) return 'error-handler-not-called';
  const handlerAt = app.search(/app\.use\(\s*rollbar\.errorHandler\(\s*\)\s*\)/);
  if (handlerAt < 0) return 'error-handler-missing';
  const jsonHandlerAt = app.search(/app\.use\(\s*\(\s*err\s*,\s*req\s*,\s*res\s*,\s*next\s*\)/);
  if (jsonHandlerAt >= 0 && jsonHandlerAt < handlerAt) return 'error-handler-too-late';
  const firstRouteAt = app.search(/app\.get\(\s*['"]\/api/);
  if (firstRouteAt >= 0 && handlerAt < firstRouteAt) return 'error-handler-too-early';
  return undefined;
}

export default defineChecks({
  // Generous start-up: OpenTelemetry, Rollbar, winston and the AWS SDK all load before the app listens.
  app: { cwd: 'backend', command: 'node', args: ['app.js'], readyTimeoutMs: 30_000 },
  checks: [
    {
      id: 'home-fails',
      title: 'GET /api/activities/home fails with 500 (the missing return)',
      timeoutMs: 7000,
      hints: {
        'home-still-works': 'The home feed still works, so there is no error to report yet. In backend/services/home_activities.js delete the word `return` in `return results;`, the way the bootcamp deleted it in home_activities.py.',
        'home-other-status': 'The home feed fails, but not with a 500. Make only the one change: `return results;` becomes `results;`.',
        'request-timeout': 'The failing request never got an answer. rollbar.errorHandler() passes the error on only after Rollbar has taken the item; when the client has no token (ROLLBAR_ACCESS_TOKEN unset, or read under another name) its sender throws and the request hangs. Check `accessToken: process.env.ROLLBAR_ACCESS_TOKEN` in backend/rollbar.js.',
      },
      async run(ctx) {
        const res = await homeRequest(ctx);
        const response = { method: 'GET', path: homePath, status: res.status, body: res.body.slice(0, 500) };
        if (res.status === 500) return pass('500, as the demo intends.', { response });
        if (res.status === 200) return fail('home-still-works', `GET ${homePath} still answers 200: the service returns its results.`, { response });
        return fail('home-other-status', `GET ${homePath} answered ${res.status}, expected 500.`, { response });
      },
    },
    {
      id: 'error-item',
      title: 'Rollbar receives the error at level error, in "production"',
      needs: ['home-fails'],
      timeoutMs: 6000,
      hints: {
        'no-error-item': [
          'The request failed, but nothing about it reached Rollbar. Express hands a thrown error to the error handlers registered AFTER the routes: `app.use(rollbar.errorHandler());` goes below the last route and above the JSON error handler.',
          'Still nothing. The JSON error handler at the bottom of createApp() answers the 500 and stops there; Rollbar\'s handler must come before it so it sees the error first.',
        ],
        'error-handler-not-called': 'You passed the function itself: `app.use(rollbar.errorHandler)`. Call it: `app.use(rollbar.errorHandler())`. It returns the 4-argument error middleware; without the call Express treats it as a normal middleware and skips it for errors.',
        'error-handler-missing': 'app.js has no `app.use(rollbar.errorHandler());`. Add it after the last route, before the JSON error handler.',
        'error-handler-too-late': '`rollbar.errorHandler()` comes after the JSON error handler, which answers the 500 and never passes the error on. Move it above that handler.',
        'error-handler-too-early': '`rollbar.errorHandler()` is registered before the routes, so an error thrown in a route never passes through it. Move it after the last route.',
        'other-error': 'An error arrived, but not the missing-return one. Undo other changes and only delete the `return` in `return results;`.',
        'wrong-level': 'The error arrived at another level. Let `rollbar.errorHandler()` report it: errors go in at level "error".',
        'wrong-environment': 'The error arrived in another environment. Keep `environment: \'production\'` in backend/rollbar.js.',
      },
      pickHint: whyNoErrorItem,
      async run(ctx) {
        await homeRequest(ctx);
        const result = await ctx.rollbar.waitFor(isNoReturnError, { timeoutMs: 4000 });
        if (!result.found) {
          const errors = ctx.rollbar.all().filter((item) => item.level === 'error' || item.kind !== 'message');
          if (errors.length > 0) return fail('other-error', `Rollbar received ${errors.length} error item(s), none about "${noReturnText}".`, itemsEvidence(ctx));
          return fail('no-error-item', `No Rollbar item about the failed GET ${homePath} arrived within ${result.waitedMs} ms.`, itemsEvidence(ctx));
        }
        const item = result.item;
        if (item.level !== 'error') return fail('wrong-level', `The error arrived at level ${JSON.stringify(item.level)}, expected "error".`, itemsEvidence(ctx));
        if (item.environment !== 'production') return fail('wrong-environment', `The error arrived in environment ${JSON.stringify(item.environment)}, expected "production".`, itemsEvidence(ctx));
        return pass(`Error item: ${item.title.slice(0, 160)}`, itemsEvidence(ctx));
      },
    },
    {
      id: 'item-has-trace',
      title: 'The item carries the stack trace, down to respond() in backend/app.js',
      needs: ['error-item'],
      timeoutMs: 2000,
      hints: {
        'no-trace': 'The error reached Rollbar as a plain message, so it has no stack trace. Report the Error object itself: `app.use(rollbar.errorHandler())` does that, while `rollbar.error(err.message)` sends only the text.',
        'no-app-frames': 'The stack trace has no frame in backend/app.js. Let the error thrown by respond() reach Rollbar unchanged, instead of creating a new Error elsewhere.',
      },
      async run(ctx) {
        const item = ctx.rollbar.find(isNoReturnError)[0];
        const trace = item === undefined ? undefined : traceOf(item);
        if (item === undefined || trace === undefined || trace.frames.length === 0) {
          return fail('no-trace', 'The error item has no stack trace (it was sent as a message).', itemsEvidence(ctx));
        }
        const frames = appFrames(trace.frames);
        const details = { exception: trace.exception, 'last frames': trace.frames.slice(-4).map((f) => `${f.method ?? '?'} (${f.filename ?? '?'}:${f.lineno ?? '?'})`) };
        if (frames.length === 0) return fail('no-app-frames', 'The stack trace has no frame in backend/app.js.', itemsEvidence(ctx, { details }));
        const top = trace.frames[trace.frames.length - 1];
        return pass(`${String(trace.exception['class'] ?? 'Error')}, thrown in ${top?.method ?? '?'} (backend/app.js:${top?.lineno ?? '?'}).`, itemsEvidence(ctx, { details }));
      },
    },
    {
      id: 'item-has-request',
      title: 'The item carries the request: GET /api/activities/home',
      needs: ['error-item'],
      timeoutMs: 2000,
      hints: {
        'no-request': 'The error arrived without the request, so Rollbar cannot show which URL failed. Pass the request along: `rollbar.errorHandler()` does it for you; by hand it is `rollbar.error(err, req)`.',
        'wrong-request': 'The error\'s request is not GET /api/activities/home. Trigger the error from the home feed, as in the bootcamp.',
      },
      async run(ctx) {
        const item = ctx.rollbar.find(isNoReturnError)[0];
        const request = item === undefined ? undefined : asObject(item.data['request']);
        const url = typeof request?.['url'] === 'string' ? request['url'] : undefined;
        if (request === undefined || url === undefined) return fail('no-request', 'The error item has no request data.', itemsEvidence(ctx));
        const details = { request: { method: request['method'], url } };
        let path = '';
        try {
          path = new URL(url).pathname;
        } catch {
          path = url;
        }
        if (request['method'] !== 'GET' || path !== homePath) {
          return fail('wrong-request', `The error item's request is ${String(request['method'])} ${url}.`, itemsEvidence(ctx, { details }));
        }
        return pass(`GET ${url}`, itemsEvidence(ctx, { details }));
      },
    },
  ],
});
