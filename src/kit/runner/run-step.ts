/**
 * One check run of one step: private receivers on ephemeral ports — OTLP, and the AWS side (X-Ray daemon, X-Ray
 * API, CloudWatch Logs, Rollbar; run-aws.ts) — so telemetry from the learner's own running app or from earlier
 * runs can never count, a fresh app instance pointed at them, the checks in order, then everything torn down.
 * Emits the runner's lines (src/checks/results.ts) as it goes.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { hintFor } from '../../checks/define.ts';
import type { CheckResultLine, DoneLine, RunnerLine } from '../../checks/results.ts';
import type { AppResponse, CheckDefinition, Failure, StepChecks } from '../../checks/types.ts';
import { startOtlpServer } from '../otlp/server.ts';
import { startApp, waitUntilListening, type AppProcess } from './app-process.ts';
import { runnerHints } from './default-hints.ts';
import { freePort } from './free-port.ts';
import { awsAppEnv, startRunAws, type RunAws, type RunAwsLimits } from './run-aws.ts';
import { runCheck } from './run-check.ts';
import { defaultFloodLimit, RunSpans } from './run-spans.ts';
import { createSourceReader } from './source-reader.ts';

export const defaultReadyTimeoutMs = 10_000;

export interface RunStepOptions {
  step: StepChecks;
  /** "01-honeycomb/01-home-activities-span", for the plan line. */
  stepName: string;
  /** The sandbox root; `app.cwd` is relative to it. */
  root: string;
  attempt: number;
  /** Base environment for the app (the runner's own, normally). */
  env: NodeJS.ProcessEnv;
  /** `app-preload.cjs`, preloaded into the app: batched spans leave within ~100 ms, and the app dies with the runner. */
  preloadPath?: string;
  floodLimit?: number;
  /** Flood limits of the X-Ray / Logs / Rollbar receivers (defaults in run-aws.ts). */
  awsFloodLimits?: Partial<RunAwsLimits>;
  emit(line: RunnerLine): void;
}

export async function runStep(options: RunStepOptions): Promise<DoneLine> {
  const started = performance.now();
  const { step, emit } = options;
  const results: CheckResultLine[] = [];
  const report = (line: CheckResultLine): void => {
    results.push(line);
    emit(line);
  };
  emit({ type: 'plan', step: options.stepName, attempt: options.attempt, checks: step.checks.map((c) => ({ id: c.id, title: c.title, optional: c.optional === true })) });

  const spans = new RunSpans(options.floodLimit ?? defaultFloodLimit);
  // Started side by side: each is a listen() on an ephemeral port, so together they cost about one.
  const [receiverStart, awsStart] = await Promise.allSettled([
    startOtlpServer({ spans: spans.store, accepting: spans.accepting, host: '127.0.0.1', port: 0 }),
    startRunAws({ ...(options.awsFloodLimits === undefined ? {} : { limits: options.awsFloodLimits }), ...regionOf(options.env) }),
  ]);
  if (receiverStart.status === 'rejected' || awsStart.status === 'rejected') {
    // One started and the other did not: close the one, or its port would keep the runner alive.
    await Promise.all([receiverStart.status === 'fulfilled' ? receiverStart.value.close() : undefined, awsStart.status === 'fulfilled' ? awsStart.value.close() : undefined]);
    throw receiverStart.status === 'rejected' ? receiverStart.reason : (awsStart as PromiseRejectedResult).reason;
  }
  const receiver = receiverStart.value;
  const aws = awsStart.value;
  let app: AppProcess | undefined;
  try {
    const cwd = resolve(options.root, step.app.cwd);
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      failAll(step.checks, { kind: 'environment', reason: 'app-folder-missing', message: `The app folder "${step.app.cwd}" does not exist in the sandbox.` }, '', options, report);
      return done();
    }
    const port = await freePort();
    const appEnv = buildAppEnv(options, port, `http://127.0.0.1:${receiver.port}`, aws);
    app = startApp({ command: step.app.command, args: step.app.args ?? [], cwd, env: appEnv });
    const readyTimeoutMs = step.app.readyTimeoutMs ?? defaultReadyTimeoutMs;
    const ready = await waitUntilListening(app, port, readyTimeoutMs);
    if (ready.state !== 'ready') {
      failAll(step.checks, startupFailure(app, ready, port, readyTimeoutMs, step.app), app.output(4000), options, report);
      return done();
    }

    const memo = new Map<string, Promise<AppResponse>>();
    // The runner's own environment still names the learner's session cloud; the app's now names the run's.
    const sessionEndpoint = options.env['AWS_ENDPOINT_URL_XRAY'] || options.env['AWS_ENDPOINT_URL'] || undefined;
    const source = createSourceReader(options.root);
    for (const check of step.checks) {
      const blockedBy = (check.needs ?? []).map((id) => results.find((r) => r.id === id)).find((r) => r !== undefined && r.status !== 'passed');
      if (blockedBy !== undefined) {
        report({
          type: 'check',
          id: check.id,
          title: check.title,
          optional: check.optional === true,
          status: 'waiting',
          message: `Waiting for "${blockedBy.title}" to pass first.`,
          evidence: {},
          durationMs: 0,
        });
        continue;
      }
      emit({ type: 'waiting', id: check.id, title: check.title });
      report(await runCheck(check, { target: { host: ready.host, port, app }, spans, aws, sessionEndpoint, attempt: options.attempt, appEnv, stepHints: step.hints, source, memo }));
    }
    return done();
  } finally {
    // Every result is out by now: nothing is waiting for the receivers, so they close while the app dies.
    await Promise.all([app?.kill(), receiver.close(), aws.close()]);
  }

  function done(): DoneLine {
    const line: DoneLine = {
      type: 'done',
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed' && !r.optional).length,
      optionalFailed: results.filter((r) => r.status === 'failed' && r.optional).length,
      waiting: results.filter((r) => r.status === 'waiting').length,
      durationMs: Math.round(performance.now() - started),
    };
    emit(line);
    return line;
  }
}

/** The run's own endpoints always win: a check must only ever see this instance's telemetry. */
function buildAppEnv(options: RunStepOptions, port: number, endpoint: string, aws: RunAws): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, options.step.app.env);
  env['PORT'] = String(port);
  env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
  // Signal-specific variables beat the generic one in every SDK; point them here too in case the base env set them.
  env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] = `${endpoint}/v1/traces`;
  env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] = `${endpoint}/v1/metrics`;
  env['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT'] = `${endpoint}/v1/logs`;
  // Read by NodeSDK (sdk-node 0.301) when it builds the batch processor; sdk-trace 3's own BatchSpanProcessor
  // ignores it, which the preload below fixes.
  env['OTEL_BSP_SCHEDULE_DELAY'] = '100';
  env['OTEL_BLRP_SCHEDULE_DELAY'] = '100';
  Object.assign(env, awsAppEnv(aws));
  env['WORKSHOP_RUNNER_PID'] = String(process.pid);
  if (options.preloadPath !== undefined) {
    const flag = `--require ${JSON.stringify(options.preloadPath)}`;
    env['NODE_OPTIONS'] = env['NODE_OPTIONS'] ? `${env['NODE_OPTIONS']} ${flag}` : flag;
  }
  return env;
}

function regionOf(env: NodeJS.ProcessEnv): { region?: string } {
  const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  return region ? { region } : {};
}

function startupFailure(app: AppProcess, ready: { state: 'exited'; code: number } | { state: 'timeout' }, port: number, readyTimeoutMs: number, spec: StepChecks['app']): Failure {
  const spawnError = app.spawnError();
  const commandLine = [spec.command, ...(spec.args ?? [])].join(' ');
  if (spawnError !== undefined) {
    return { kind: 'environment', reason: 'spawn-failed', message: `Could not start "${commandLine}": ${spawnError.message}` };
  }
  if (ready.state === 'timeout') {
    return {
      kind: 'timeout',
      reason: 'never-listened',
      message: `The app ("${commandLine}") kept running but did not accept connections on PORT=${port} within ${readyTimeoutMs} ms. It must listen on process.env.PORT; it may also be stuck before app.listen().`,
    };
  }
  const output = app.output();
  const reason = /EADDRINUSE/.test(output) ? 'port-in-use' : /Cannot find module|ERR_MODULE_NOT_FOUND/.test(output) ? 'module-not-found' : 'app-crashed';
  const how = ready.code === 0 ? 'finished (exit code 0) without starting a server' : `crashed (exit code ${ready.code})`;
  return { kind: 'learner', reason, message: `The app ${how} before listening on its port. Its output is below.` };
}

/** The app never got as far as the checks: every check reports the same failure, so each card explains itself. */
function failAll(checks: readonly CheckDefinition[], failure: Failure, appOutput: string, options: RunStepOptions, report: (line: CheckResultLine) => void): void {
  for (const check of checks) {
    const line: CheckResultLine = { type: 'check', id: check.id, title: check.title, optional: check.optional === true, status: 'failed', failure, evidence: { observed: [], appOutput }, durationMs: 0 };
    if (failure.kind === 'learner') {
      const hint = hintFor(check.hints, failure.reason, options.attempt) ?? hintFor(options.step.hints, failure.reason, options.attempt) ?? hintFor(runnerHints, failure.reason, options.attempt);
      if (hint !== undefined) line.hint = hint;
    }
    report(line);
  }
}
