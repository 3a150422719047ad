/**
 * The check runner CLI, run inside the sandbox from its root:
 *
 *   node .workshop/kit/run-checks.mjs .workshop/checks/01-honeycomb/01-home-activities-span.mjs [--attempt N]
 *
 * stdout carries only JSON lines (see src/checks/results.ts); anything else (check code's console.log, our own
 * diagnostics) goes to stderr. Exit code 0 whatever the checks found; 2 when the checks module is unusable,
 * 1 when the runner itself breaks.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunnerLine } from '../checks/results.ts';
import type { StepChecks } from '../checks/types.ts';
import { isMain } from './is-main.ts';
import { killAllApps } from './runner/app-process.ts';
import { runStep } from './runner/run-step.ts';

/** Hard cap on a whole run, in case a check or the app defeats every other deadline. */
const watchdogMs = 60_000;

function writeLine(line: RunnerLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** "lessons/01-honeycomb/01-x/checks.ts" and ".workshop/checks/01-honeycomb/01-x.mjs" both name "01-honeycomb/01-x". */
export function stepNameOf(modulePath: string): string {
  const stem = basename(modulePath, extname(modulePath));
  const dir = dirname(modulePath);
  return stem === 'checks' ? `${basename(dirname(dir))}/${basename(dir)}` : `${basename(dir)}/${stem}`;
}

function isStepChecks(value: unknown): value is StepChecks {
  const v = value as Partial<StepChecks> | undefined;
  return typeof v === 'object' && v !== null && typeof v.app === 'object' && Array.isArray(v.checks);
}

/** The preload sits next to this file both in source (src/kit/) and in the bundle (.workshop/kit/). */
function findPreload(): string | undefined {
  const path = fileURLToPath(new URL('./app-preload.cjs', import.meta.url));
  return existsSync(path) ? path : undefined;
}

async function main(): Promise<number> {
  // Check modules may log; keep stdout for result lines.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;

  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { attempt: { type: 'string' } }, allowPositionals: true });
  const modulePath = positionals[0];
  if (modulePath === undefined) {
    writeLine({ type: 'error', message: 'usage: run-checks <checks module> [--attempt N]' });
    return 2;
  }
  const attempt = Math.max(1, Math.floor(Number(values.attempt ?? '1')) || 1);

  let step: unknown;
  try {
    step = ((await import(pathToFileURL(resolve(modulePath)).href)) as { default?: unknown }).default;
  } catch (error) {
    writeLine({ type: 'error', message: `cannot load checks module ${modulePath}: ${error instanceof Error ? error.message : String(error)}` });
    return 2;
  }
  if (!isStepChecks(step)) {
    writeLine({ type: 'error', message: `${modulePath} does not default-export defineChecks({ app, checks })` });
    return 2;
  }

  // Stopped from outside (the site re-runs checks, the sandbox shuts down): the app's process group must go too.
  process.once('exit', killAllApps);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllApps();
      process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
    });
  }

  const watchdog = setTimeout(() => {
    writeLine({ type: 'error', message: `the check run exceeded ${watchdogMs} ms and was stopped` });
    process.exit(1);
  }, watchdogMs);
  watchdog.unref();

  const options = { step, stepName: stepNameOf(modulePath), root: process.cwd(), attempt, env: process.env, emit: writeLine };
  const preloadPath = findPreload();
  await runStep(preloadPath === undefined ? options : { ...options, preloadPath });
  clearTimeout(watchdog);
  return 0;
}

if (isMain(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
      // Normally the event loop is empty by now; if a stray handle keeps it alive, do not hang the site's button.
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (error: unknown) => {
      writeLine({ type: 'error', message: `runner failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
      process.exitCode = 1;
    },
  );
}
