/**
 * Step "Send a log line per request to CloudWatch Logs".
 * Judged on the log events this run's private CloudWatch Logs received (PutLogEvents): the group, a stream, and
 * one line per request with method, path and the status the client really got. Source text only picks hints.
 */
import { defineChecks, fail, pass, type CheckContext, type Evidence, type Failure, type LogEvent, type SourceReader } from '../../../src/checks/index.ts';
import { closeness } from '../../../src/checks/similarity.ts';

const group = 'cruddur';
const homePath = '/api/activities/home';
// Search without a term answers 422: a line for it shows the status is read after the response is sent.
const searchPath = '/api/activities/search';
const homeRequest = (ctx: CheckContext) => ctx.requestOnce('GET', homePath, undefined, { timeoutMs: 5000 });
const searchRequest = (ctx: CheckContext) => ctx.requestOnce('GET', searchPath, undefined, { timeoutMs: 5000 });
// winston-cloudwatch uploads every 2 s; the first upload also creates the group and the stream.
const arrivalMs = 6000;

function logsEvidence(ctx: CheckContext, extra: Evidence = {}): Evidence {
  const events = ctx.logs.all().slice(-10).map((e) => ({ group: e.logGroupName, stream: e.logStreamName, message: e.message.slice(0, 200) }));
  return { ...extra, details: { ...extra.details, 'log events received': events } };
}

/** A line about one request: the method, the path as a whole word and the status as a whole number. */
function requestLine(path: string, status: number | undefined): (e: LogEvent) => boolean {
  const pathWord = new RegExp(`(^|\\s)${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\??(\\s|$)`);
  return (e) => e.logGroupName === group && /\bGET\b/.test(e.message) && pathWord.test(e.message) && (status === undefined || new RegExp(`\\b${status}\\b`).test(e.message));
}

/** Why no event arrived (only ever used to choose a hint). */
async function whyNoLogs(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const logger = (await source.read('backend/logger.js')) ?? '';
  const app = (await source.read('backend/app.js')) ?? '';
  if (logger === '') return 'no-logger-file';
  if (!/new\s+WinstonCloudWatch\s*\(|PutLogEventsCommand|putLogEvents\(/.test(logger)) return 'no-cloudwatch-transport';
  if (/endpoint\s*:|localhost:4566|127\.0\.0\.1:4566|amazonaws\.com|accessKeyId\s*:|awsAccessKeyId\s*:/.test(logger)) return 'hardcoded-endpoint';
  if (!/require\(\s*['"]\.\/logger(\.js)?['"]\s*\)/.test(app)) return 'logger-not-required';
  return whyNoRequestLine(_failure, source);
}

/** Where the request line comes from (only ever used to choose a hint). */
async function whyNoRequestLine(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const app = (await source.read('backend/app.js')) ?? '';
  // Inside createApp() only, where the middleware and the routes are registered.
  const body = app.slice(Math.max(0, app.indexOf('function createApp')));
  const logAt = body.search(/logger\.(info|debug|warn|error|log)\(/);
  const routeAt = body.search(/app\.get\(\s*['"]\/api\/activities\/home['"]/);
  if (logAt > routeAt && routeAt >= 0) return 'middleware-after-routes';
  return undefined;
}

export default defineChecks({
  // Generous start-up: OpenTelemetry, Rollbar, winston and the AWS SDK all load before the app listens.
  app: { cwd: 'backend', command: 'node', args: ['app.js'], readyTimeoutMs: 30_000 },
  checks: [
    {
      id: 'home-still-works',
      title: 'GET /api/activities/home still answers 200 with 3 activities',
      timeoutMs: 6000,
      hints: {
        'home-status': 'The home feed fails now. The app output below names the error: often `logger` is used in app.js without `const logger = require(\'./logger\');`.',
        'home-count': 'The home feed answers, but not with the 3 activities. Logging should not change what a route returns.',
        'request-timeout': 'The home feed never answers. A middleware that does not call `next()` stops every request there: end your request-logging middleware with `next();`.',
      },
      async run(ctx) {
        const res = await homeRequest(ctx);
        const response = { method: 'GET', path: homePath, status: res.status, body: res.body.slice(0, 1000) };
        if (res.status !== 200) return fail('home-status', `GET ${homePath} answered ${res.status}, expected 200.`, { response });
        if (!Array.isArray(res.json) || res.json.length !== 3) return fail('home-count', `GET ${homePath} did not answer with the 3 activities.`, { response });
        return pass('3 activities, status 200.', { response });
      },
    },
    {
      id: 'logs-arrive',
      title: `Log events arrive in the CloudWatch Logs group "${group}"`,
      timeoutMs: arrivalMs + 11000,
      hints: {
        'no-logs': [
          'No log event reached CloudWatch Logs. Create backend/logger.js with a winston logger whose transports include `new WinstonCloudWatch({ logGroupName: \'cruddur\', logStreamName: ... })`, and require it in app.js.',
          'Still nothing. Leave region, endpoint and keys out of the code: the AWS SDK inside winston-cloudwatch reads AWS_REGION, AWS_ENDPOINT_URL and the key pair from the environment, which the workshop sets like the bootcamp\'s docker-compose did.',
        ],
        'no-logger-file': 'There is no backend/logger.js yet. Create it: a winston logger with a Console transport and a WinstonCloudWatch transport for the group `cruddur`.',
        'no-cloudwatch-transport': 'backend/logger.js logs to the console only. Add `new WinstonCloudWatch({ logGroupName: \'cruddur\', logStreamName: ... })` to its transports.',
        'hardcoded-endpoint': 'logger.js names an endpoint, region or keys itself. Remove them (`awsOptions`, `awsRegion`, `awsAccessKeyId`...): the SDK reads AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment, so the same code works here and in AWS, and no key is ever committed.',
        'logger-not-required': 'backend/logger.js exists but app.js never loads it. Add `const logger = require(\'./logger\');` near the top of app.js.',
        'middleware-after-routes': 'No line arrived: your request-logging middleware is registered after the routes, and a route that answers ends the request there, so the middleware never runs. Register it before the routes, next to `app.use(express.json(...))`.',
        'wrong-group': 'Log events arrive, but in another group. The bootcamp\'s group is `cruddur`, all lower case: `logGroupName: \'cruddur\'`.',
      },
      pickHint: whyNoLogs,
      async run(ctx) {
        await homeRequest(ctx);
        await searchRequest(ctx);
        const result = await ctx.logs.waitFor((e) => e.logGroupName === group, { timeoutMs: arrivalMs });
        if (result.found) return pass(`Events arrive in "${group}", stream "${result.item.logStreamName}".`, logsEvidence(ctx));
        const groups = [...new Set(ctx.logs.all().map((e) => e.logGroupName))];
        if (groups.length > 0) {
          const near = groups.find((g) => closeness(group, g) !== 'far');
          return fail('wrong-group', `Log events arrived in ${groups.map((g) => JSON.stringify(g)).join(', ')}${near ? ' (close, but not the same)' : ''}, none in "${group}".`, logsEvidence(ctx));
        }
        return fail('no-logs', `No log event arrived within ${result.waitedMs} ms of two requests.`, logsEvidence(ctx));
      },
    },
    {
      id: 'request-line',
      title: 'A line for the request: GET /api/activities/home 200',
      needs: ['logs-arrive'],
      timeoutMs: arrivalMs + 1000,
      hints: {
        'no-request-line': 'Log events arrive, but none describes the home request. Add a middleware before the routes that logs, once the response is finished, `${req.ip} ${req.method} ${req.protocol} ${req.originalUrl} ${res.statusCode}` (the bootcamp\'s after_request).',
        'python-placeholders': 'The lines read `%s %s %s ...`: Python\'s logging fills `%s` placeholders, winston does not (unless you add `format.splat()`). Build the line with a template string: `logger.info(`${req.ip} ${req.method} ${req.protocol} ${req.originalUrl} ${res.statusCode}`)`.',
        'middleware-after-routes': 'Your request-logging middleware is registered after the routes. A route that answers ends the request there, so the middleware never runs for it. Register it before the routes, next to `app.use(express.json(...))`.',
      },
      pickHint: whyNoRequestLine,
      async run(ctx) {
        await homeRequest(ctx);
        const result = await ctx.logs.waitFor(requestLine(homePath, 200), { timeoutMs: arrivalMs });
        if (result.found) return pass(`"${result.item.message.slice(0, 160)}"`, logsEvidence(ctx));
        if (ctx.logs.find((e) => e.logGroupName === group && e.message.includes('%s')).length > 0) {
          return fail('python-placeholders', `Lines arrive in "${group}", but with literal %s placeholders instead of the request's method, path and status.`, logsEvidence(ctx));
        }
        return fail('no-request-line', `No event in "${group}" has GET, ${homePath} and 200 in its message.`, logsEvidence(ctx));
      },
    },
    {
      id: 'request-status',
      title: 'The line has the status the client got: GET /api/activities/search 422',
      needs: ['request-line'],
      timeoutMs: arrivalMs + 1000,
      hints: {
        'status-too-early': 'The line for GET /api/activities/search does not say 422: it was written before the route answered, when the status was still the default 200. Log inside `res.on(\'finish\', () => { ... })`, like Flask\'s after_request, which sees the finished response.',
        'no-search-line': 'There is a line for the home feed but none for GET /api/activities/search. Log every request, not only the home route: a middleware registered with app.use() before the routes.',
      },
      async run(ctx) {
        await searchRequest(ctx);
        const result = await ctx.logs.waitFor(requestLine(searchPath, 422), { timeoutMs: arrivalMs });
        if (result.found) return pass(`"${result.item.message.slice(0, 160)}"`, logsEvidence(ctx));
        const other = ctx.logs.find(requestLine(searchPath, undefined))[0];
        if (other !== undefined) return fail('status-too-early', `The line for GET ${searchPath} is "${other.message.slice(0, 160)}", without the 422 the client got.`, logsEvidence(ctx));
        return fail('no-search-line', `No event in "${group}" describes GET ${searchPath}.`, logsEvidence(ctx));
      },
    },
  ],
});
