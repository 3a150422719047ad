/**
 * Runs one check against the running app: builds its context, enforces its deadline, and turns whatever
 * happened (outcome, CheckAbort, a bug in the check) into a result line with evidence and, for learner
 * failures, the hint for this attempt.
 */
import { hintFor } from '../../checks/define.ts';
import type { CheckResultLine } from '../../checks/results.ts';
import { summarizeSpan } from '../../checks/span-search.ts';
import type { AppResponse, CheckContext, CheckDefinition, CheckOutcome, Evidence, Hints, RecordAccess, RequestOptions, SourceReader } from '../../checks/types.ts';
import { requestApp, defaultRequestTimeoutMs, type AppTarget } from './app-client.ts';
import { CheckAbort } from './check-abort.ts';
import { runnerHints } from './default-hints.ts';
import type { RunAws } from './run-aws.ts';
import type { RunRecords } from './run-records.ts';
import type { RunSpans } from './run-spans.ts';
import { createSessionCloud } from './session-cloud.ts';

export const defaultCheckTimeoutMs = 5000;
/** After the deadline aborts the check's waits, this long for it to report what it saw. */
const reportGraceMs = 250;
/** Waits end this long before the deadline so the check can still build its failure. */
const waitMarginMs = 150;
const observedLimit = 10;

export interface RunCheckEnv {
  target: AppTarget;
  spans: RunSpans;
  /** X-Ray, CloudWatch Logs and Rollbar received by the run's private AWS receivers. */
  aws: Pick<RunAws, 'segments' | 'logs' | 'rollbar'>;
  /** The learner's session cloud AWS endpoint, for `ctx.sessionCloud` (undefined: none known). */
  sessionEndpoint: string | undefined;
  attempt: number;
  appEnv: Readonly<Record<string, string>>;
  stepHints: Hints | undefined;
  source: SourceReader;
  /** Shared by all checks of a run: `requestOnce` results. */
  memo: Map<string, Promise<AppResponse>>;
}

export async function runCheck(check: CheckDefinition, env: RunCheckEnv): Promise<CheckResultLine> {
  const started = performance.now();
  const timeoutMs = check.timeoutMs ?? defaultCheckTimeoutMs;
  const controller = new AbortController();
  const remainingMs = (): number => Math.max(0, timeoutMs - (performance.now() - started));
  const request = (method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<AppResponse> =>
    requestApp(env.target, method, path, body, { ...options, timeoutMs: Math.min(options.timeoutMs ?? defaultRequestTimeoutMs, remainingMs()), signal: controller.signal });

  const ctx: CheckContext = {
    attempt: env.attempt,
    signal: controller.signal,
    remainingMs,
    request,
    requestOnce(method, path, body, options) {
      const key = `${method.toUpperCase()} ${path} ${body === undefined ? '' : JSON.stringify(body)}`;
      let pending = env.memo.get(key);
      if (pending === undefined) {
        pending = request(method, path, body, options);
        env.memo.set(key, pending);
      }
      return pending;
    },
    spans: {
      all: () => env.spans.all(),
      find: (matcher) => env.spans.find(matcher),
      waitFor: (matcher, options) =>
        env.spans.waitFor(matcher, {
          timeoutMs: Math.min(options?.timeoutMs ?? Number.POSITIVE_INFINITY, remainingMs() - waitMarginMs),
          signal: controller.signal,
          app: env.target.app,
        }),
    },
    segments: recordAccess(env.aws.segments),
    logs: recordAccess(env.aws.logs),
    rollbar: recordAccess(env.aws.rollbar),
    sessionCloud: createSessionCloud({ endpoint: env.sessionEndpoint, signal: controller.signal, timeoutMs: () => remainingMs() - waitMarginMs }),
    app: {
      port: env.target.port,
      env: env.appEnv,
      output: () => env.target.app.output(),
      exitCode: () => env.target.app.exitCode(),
    },
  };

  function recordAccess<T>(records: RunRecords<T>): RecordAccess<T> {
    return {
      all: () => records.all(),
      find: (predicate) => records.find(predicate),
      waitFor: (predicate, options) =>
        records.waitFor(predicate, {
          timeoutMs: Math.min(options?.timeoutMs ?? Number.POSITIVE_INFINITY, remainingMs() - waitMarginMs),
          signal: controller.signal,
          app: env.target.app,
        }),
    };
  }

  let outcome: CheckOutcome;
  let timer: NodeJS.Timeout | undefined;
  try {
    if (env.spans.flooded) throw env.spans.floodAbort();
    for (const records of [env.aws.segments, env.aws.logs, env.aws.rollbar]) if (records.flooded) throw records.floodAbort();
    const deadline = new Promise<CheckOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        timer = setTimeout(
          () => resolve({ status: 'failed', failure: { kind: 'timeout', reason: 'check-timeout', message: `The check did not finish within ${timeoutMs} ms.` } }),
          reportGraceMs,
        );
      }, timeoutMs);
    });
    outcome = await Promise.race([check.run(ctx), deadline]);
  } catch (error) {
    outcome = outcomeOf(error);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return await toResult(check, outcome, env, Math.round(performance.now() - started));
}

function outcomeOf(error: unknown): CheckOutcome {
  if (error instanceof CheckAbort) return { status: 'failed', failure: error.failure, evidence: error.evidence };
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'failed',
    failure: { kind: 'checker', reason: 'checker-error', message: `The check itself broke (not your code): ${message}` },
    evidence: { details: { stack: error instanceof Error ? error.stack : undefined } },
  };
}

async function toResult(check: CheckDefinition, outcome: CheckOutcome, env: RunCheckEnv, durationMs: number): Promise<CheckResultLine> {
  const evidence: Evidence = { ...outcome.evidence };
  evidence.observed ??= env.spans
    .all()
    .slice(-observedLimit)
    .reverse()
    .map((s) => summarizeSpan(s));
  const line: CheckResultLine = { type: 'check', id: check.id, title: check.title, optional: check.optional === true, status: outcome.status, evidence, durationMs };
  if (outcome.status === 'passed') {
    if (outcome.message !== undefined) line.message = outcome.message;
    return line;
  }
  line.failure = outcome.failure;
  evidence.appOutput ??= env.target.app.output(3000);
  if (outcome.failure.kind === 'learner') {
    const key = await pickHintKey(check, outcome, env);
    const hint =
      hintFor(check.hints, key, env.attempt) ??
      hintFor(check.hints, outcome.failure.reason, env.attempt) ??
      hintFor(env.stepHints, outcome.failure.reason, env.attempt) ??
      hintFor(runnerHints, outcome.failure.reason, env.attempt);
    if (hint !== undefined) line.hint = hint;
  }
  return line;
}

/** `pickHint` may read source; it is bounded in time and its errors only cost the specific hint. */
async function pickHintKey(check: CheckDefinition, outcome: Extract<CheckOutcome, { status: 'failed' }>, env: RunCheckEnv): Promise<string> {
  if (check.pickHint === undefined) return outcome.failure.reason;
  let timer: NodeJS.Timeout | undefined;
  try {
    const tooLate = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), 500);
    });
    const picked = await Promise.race([Promise.resolve(check.pickHint(outcome.failure, env.source)), tooLate]);
    return picked ?? outcome.failure.reason;
  } catch {
    return outcome.failure.reason;
  } finally {
    clearTimeout(timer);
  }
}
