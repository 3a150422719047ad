/**
 * Step "Send a test message to Rollbar".
 * Judged on what this run's private Rollbar received after GET /rollbar/test: one message item, "Hello World!",
 * level warning, environment production. Source text is read only in pickHint, to say why nothing arrived.
 */
import { defineChecks, fail, pass, type CheckContext, type Evidence, type Failure, type RollbarOccurrenceItem, type SourceReader } from '../../../src/checks/index.ts';
import { closeness } from '../../../src/checks/similarity.ts';

const testRequest = (ctx: CheckContext) => ctx.requestOnce('GET', '/rollbar/test', undefined, { timeoutMs: 5000 });

/** The text of a message item (`data.body.message.body`), else undefined. */
function messageText(item: RollbarOccurrenceItem): string | undefined {
  const body = item.data['body'];
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as Record<string, unknown>)['message'];
  if (typeof message !== 'object' || message === null) return undefined;
  const text = (message as Record<string, unknown>)['body'];
  return typeof text === 'string' ? text : undefined;
}

function itemsEvidence(ctx: CheckContext, extra: Evidence = {}): Evidence {
  const items = ctx.rollbar.all().slice(-8).map((item) => ({ level: item.level, environment: item.environment, kind: item.kind, title: item.title }));
  return { ...extra, details: { ...extra.details, 'Rollbar items received': items } };
}

const isHelloWorld = (item: RollbarOccurrenceItem) => item.kind === 'message' && messageText(item) === 'Hello World!';

/** Why no item arrived, from the files the step asks for (only ever used to choose a hint). */
async function whyNoItem(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const setup = (await source.read('backend/rollbar.js')) ?? '';
  const app = (await source.read('backend/app.js')) ?? '';
  const code = setup + app;
  if (!/require\(\s*['"]rollbar['"]\s*\)/.test(code)) return 'rollbar-not-set-up';
  if (/endpoint\s*:\s*['"`]/.test(code)) return 'hardcoded-endpoint';
  if (!code.includes('ROLLBAR_ENDPOINT')) return 'endpoint-missing';
  if (!code.includes('process.env.ROLLBAR_ACCESS_TOKEN')) return 'token-not-from-env';
  if (!/\.warning\(/.test(app)) return 'warning-not-sent';
  return undefined;
}

export default defineChecks({
  // Generous start-up: OpenTelemetry, Rollbar, winston and the AWS SDK all load before the app listens.
  app: { cwd: 'backend', command: 'node', args: ['app.js'], readyTimeoutMs: 30_000 },
  checks: [
    {
      id: 'rollbar-test-answers',
      title: 'GET /rollbar/test answers 200 "Hello World!"',
      timeoutMs: 6000,
      hints: {
        'test-status': 'GET /rollbar/test no longer answers 200; the app output below names the error. Two usual causes: the Python call carried over (rollbar.js has no `report_message`: use `rollbar.warning(\'Hello World!\')`), or `rollbar` used in app.js without `const rollbar = require(\'./rollbar\');` at the top.',
        'test-body': 'The route must still answer with the text `Hello World!`: keep `res.type(\'html\').send(\'Hello World!\');` after the Rollbar call.',
      },
      async run(ctx) {
        const res = await testRequest(ctx);
        const response = { method: 'GET', path: '/rollbar/test', status: res.status, body: res.body.slice(0, 500) };
        if (res.status !== 200) return fail('test-status', `GET /rollbar/test answered ${res.status}, expected 200.`, { response });
        if (res.body.trim() !== 'Hello World!') return fail('test-body', `GET /rollbar/test answered ${JSON.stringify(res.body.slice(0, 80))}, expected "Hello World!".`, { response });
        return pass('200 "Hello World!".', { response });
      },
    },
    {
      id: 'rollbar-receives',
      title: 'The local Rollbar receives an item from the app',
      needs: ['rollbar-test-answers'],
      timeoutMs: 10000,
      hints: {
        'no-item': [
          'Nothing reached Rollbar. Create backend/rollbar.js with `new Rollbar({ accessToken: process.env.ROLLBAR_ACCESS_TOKEN, environment: \'production\', endpoint: process.env.ROLLBAR_ENDPOINT })`, export it, and call `rollbar.warning(\'Hello World!\')` in the /rollbar/test route.',
          'Still nothing. Check that the Rollbar instance gets `endpoint: process.env.ROLLBAR_ENDPOINT`: without it the client posts to api.rollbar.com, not to the workshop\'s Rollbar.',
        ],
        'rollbar-not-set-up': 'Nothing reached Rollbar, and no file requires the `rollbar` package yet. Create backend/rollbar.js: `const Rollbar = require(\'rollbar\');`, then `new Rollbar({ ... })`, and `module.exports` it.',
        'hardcoded-endpoint': 'Your Rollbar `endpoint` is a fixed address. Use `endpoint: process.env.ROLLBAR_ENDPOINT`: the workshop sets it (and each check run has its own), and when it is unset the client uses Rollbar\'s own API.',
        'endpoint-missing': 'Without `endpoint: process.env.ROLLBAR_ENDPOINT` the client sends to api.rollbar.com, which the sandbox cannot reach. Add that option to `new Rollbar({ ... })`.',
        'token-not-from-env': 'Take the token from the environment: `accessToken: process.env.ROLLBAR_ACCESS_TOKEN` (exactly that name; the bootcamp passed it through docker-compose). Without a token rollbar 3.1 throws inside its sender and nothing is delivered.',
        'warning-not-sent': 'Rollbar is set up but the /rollbar/test route sends nothing: add `rollbar.warning(\'Hello World!\');` before the response.',
      },
      pickHint: whyNoItem,
      async run(ctx) {
        await testRequest(ctx);
        const result = await ctx.rollbar.waitFor(() => true, { timeoutMs: 4000 });
        if (result.found) return pass(`An item arrived: ${result.item.title}.`, itemsEvidence(ctx));
        return fail('no-item', `No Rollbar item arrived within ${result.waitedMs} ms of GET /rollbar/test.`, itemsEvidence(ctx));
      },
    },
    {
      id: 'hello-world-warning',
      title: 'A message item "Hello World!" at level warning',
      needs: ['rollbar-receives'],
      timeoutMs: 3000,
      hints: {
        'wrong-level': 'The message arrived, but not as a warning. Send it with `rollbar.warning(\'Hello World!\')` (the bootcamp\'s `report_message(\'Hello World!\', \'warning\')`).',
        'message-typo': 'Almost: the message text must be exactly `Hello World!`, capital H and W and the exclamation mark.',
        'not-a-message': 'The item arrived as an error with a stack trace. Pass the text itself, `rollbar.warning(\'Hello World!\')`, not `new Error(...)`.',
        'message-missing': 'Items arrive, but none is the message `Hello World!`. Call `rollbar.warning(\'Hello World!\')` in the /rollbar/test route.',
      },
      async run(ctx) {
        await testRequest(ctx);
        const result = await ctx.rollbar.waitFor(isHelloWorld, { timeoutMs: 2000 });
        if (result.found) {
          const item = result.item;
          if (item.level !== 'warning') return fail('wrong-level', `"Hello World!" arrived at level ${JSON.stringify(item.level)}, expected "warning".`, itemsEvidence(ctx));
          return pass('"Hello World!" at level warning.', itemsEvidence(ctx));
        }
        const items = ctx.rollbar.all();
        if (items.some((item) => item.kind === 'message' && closeness('Hello World!', messageText(item) ?? '') !== 'far')) {
          return fail('message-typo', `A message arrived, but its text is not exactly "Hello World!".`, itemsEvidence(ctx));
        }
        if (items.some((item) => item.kind !== 'message' && item.title.includes('Hello World'))) {
          return fail('not-a-message', '"Hello World!" arrived as an error item, not as a message.', itemsEvidence(ctx));
        }
        return fail('message-missing', 'No message item "Hello World!" arrived.', itemsEvidence(ctx));
      },
    },
    {
      id: 'environment-production',
      title: 'The item is reported in environment "production"',
      needs: ['hello-world-warning'],
      timeoutMs: 2000,
      hints: {
        'wrong-environment': 'Set `environment: \'production\'` in `new Rollbar({ ... })`, as the bootcamp did. `process.env.NODE_ENV || \'development\'` gives "development" here, because NODE_ENV is not set.',
      },
      async run(ctx) {
        const item = ctx.rollbar.find(isHelloWorld)[0];
        if (item !== undefined && item.environment === 'production') return pass(undefined, itemsEvidence(ctx));
        return fail('wrong-environment', `"Hello World!" arrived in environment ${JSON.stringify(item?.environment ?? '(none)')}, expected "production".`, itemsEvidence(ctx));
      },
    },
  ],
});
