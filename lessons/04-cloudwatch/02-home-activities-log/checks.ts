/**
 * Step "Log from the home activities service".
 * Judged on the log events this run's private CloudWatch Logs received after GET /api/activities/home: a line
 * "HomeActivities" in the group cruddur, written by the service while the request runs. Source only picks hints.
 */
import { defineChecks, fail, pass, type CheckContext, type Evidence, type Failure, type LogEvent, type SourceReader } from '../../../src/checks/index.ts';
import { closeness } from '../../../src/checks/similarity.ts';

const group = 'cruddur';
const homePath = '/api/activities/home';
const lineText = 'HomeActivities';
const homeRequest = (ctx: CheckContext) => ctx.requestOnce('GET', homePath, undefined, { timeoutMs: 5000 });
// winston-cloudwatch uploads every 2 s; the first upload also creates the group and the stream.
const arrivalMs = 6000;

function logsEvidence(ctx: CheckContext, extra: Evidence = {}): Evidence {
  const events = ctx.logs.all().slice(-10).map((e) => ({ group: e.logGroupName, stream: e.logStreamName, message: e.message.slice(0, 200) }));
  return { ...extra, details: { ...extra.details, 'log events received': events } };
}

/** The message without winston-cloudwatch's "info - " prefix, or a JSON message's `message` field. */
function text(e: LogEvent): string {
  const plain = e.message.replace(/^[a-z]+ - /, '');
  if (plain.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(plain);
      if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Record<string, unknown>)['message'] === 'string') return (parsed as Record<string, string>)['message'] ?? plain;
    } catch {
      // not JSON after all: judge the text as it is
    }
  }
  return plain.trim();
}

const isHomeLine = (e: LogEvent) => e.logGroupName === group && text(e) === lineText;

/** Why the line is missing (only ever used to choose a hint). */
async function whyNoLine(_failure: Failure, source: SourceReader): Promise<string | undefined> {
  const service = (await source.read('backend/services/home_activities.js')) ?? '';
  if (/console\.(log|info)\(\s*['"`]HomeActivities/.test(service)) return 'console-log';
  if (!/\.(info|debug|warn|error|log)\(\s*['"`]HomeActivities/.test(service)) return 'line-missing';
  if (!/require\(\s*['"]\.\.\/logger(\.js)?['"]\s*\)/.test(service)) return 'logger-not-required';
  const runAt = service.search(/function run\s*\(/);
  const firstReturn = service.indexOf('return', runAt);
  const lineAt = service.indexOf(`logger.info('${lineText}')`);
  if (runAt >= 0 && lineAt > firstReturn && firstReturn >= 0) return 'after-return';
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
        'home-status': 'The home feed fails now. The app output below names the error: usually `logger` is used in home_activities.js without `const logger = require(\'../logger\');` at the top (two dots: logger.js is one folder up).',
        'home-count': 'The home feed answers, but not with the 3 activities. The log line should not change what run() returns.',
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
      id: 'home-activities-line',
      title: 'A log line "HomeActivities" in the group "cruddur"',
      timeoutMs: arrivalMs + 6000,
      hints: {
        'line-missing': [
          'No "HomeActivities" line arrived. In backend/services/home_activities.js require the shared logger, `const logger = require(\'../logger\');`, and call `logger.info(\'HomeActivities\');` at the start of run().',
          'The request lines from the previous step still arrive, so the logger works: the call in run() is what is missing or never reached.',
        ],
        'console-log': '`console.log` writes to the terminal only. Use the shared winston logger, `logger.info(\'HomeActivities\')`, which also sends to CloudWatch Logs.',
        'logger-not-required': 'home_activities.js uses `logger` but never requires it. Add `const logger = require(\'../logger\');` at the top.',
        'after-return': 'The `logger.info` call comes after the `return`, so it never runs. Move it to the start of run().',
        'line-typo': 'Almost: the line must read exactly `HomeActivities` (one word, capital H and A), as in the bootcamp.',
        'wrong-group': 'A "HomeActivities" line arrived, but not in the group `cruddur`. Use the shared logger from backend/logger.js instead of a new one.',
      },
      pickHint: async (failure, source) => (failure.reason === 'line-missing' ? whyNoLine(failure, source) : undefined),
      async run(ctx) {
        await homeRequest(ctx);
        const result = await ctx.logs.waitFor(isHomeLine, { timeoutMs: arrivalMs });
        if (result.found) return pass(`"${result.item.message}" in stream "${result.item.logStreamName}".`, logsEvidence(ctx));
        const elsewhere = ctx.logs.find((e) => text(e) === lineText)[0];
        if (elsewhere !== undefined) return fail('wrong-group', `"${lineText}" arrived in group ${JSON.stringify(elsewhere.logGroupName)}, not "${group}".`, logsEvidence(ctx));
        const near = ctx.logs.find((e) => e.logGroupName === group && closeness(lineText, text(e)) === 'close')[0];
        if (near !== undefined) return fail('line-typo', `A line ${JSON.stringify(text(near))} arrived; expected "${lineText}".`, logsEvidence(ctx));
        return fail('line-missing', `No "${lineText}" line reached the group "${group}" within ${result.waitedMs} ms of GET ${homePath}.`, logsEvidence(ctx));
      },
    },
  ],
});
