/**
 * Preloaded (NODE_OPTIONS=--require) into the app the check runner starts, and nowhere else. Two jobs:
 *
 * 1. Fast flush. A BatchSpanProcessor waits 5 s before exporting. The spec's OTEL_BSP_SCHEDULE_DELAY would shorten that,
 * but @opentelemetry/sdk-trace 3.x no longer reads it in the processor itself (only NodeSDK does, when it builds
 * the processor). A learner who writes `new BatchSpanProcessor({ exporter })` by hand would make every check wait
 * 5 s. This makes such processors honour OTEL_BSP_SCHEDULE_DELAY when they still have the default delay.
 * Nothing else about the app changes; the learner's code is not touched.
 *
 * 2. Orphan guard. The runner kills the app's process group when it ends or is stopped, but a runner killed
 * with SIGKILL cannot; then the app would keep its port and CPU forever. It exits once the runner is gone.
 *
 * 3. Where the sandbox has no UDP (WebContainer sets WORKSHOP_XRAY_TRANSPORT=http), it loads the X-Ray dgram shim
 * so the fresh app's segments reach the daemon over HTTP, as the learner's running app's do.
 *
 * Plain CommonJS on purpose: it must load before anything else in any Node the sandbox runs.
 */
'use strict';

if (process.env.WORKSHOP_XRAY_TRANSPORT === 'http') require('./xray-dgram-shim.cjs');

const Module = require('node:module');

const delay = Number(process.env.OTEL_BSP_SCHEDULE_DELAY);
const defaultDelay = 5000;
const patched = new WeakSet();

function patchExports(exported) {
  const Processor = exported && exported.BatchSpanProcessor;
  if (typeof Processor !== 'function') return;
  // The timer lives on the shared base class; find the prototype that owns it.
  let proto = Processor.prototype;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, '_maybeStartTimer')) proto = Object.getPrototypeOf(proto);
  if (!proto || patched.has(proto)) return;
  patched.add(proto);
  const original = proto._maybeStartTimer;
  proto._maybeStartTimer = function maybeStartTimerFast() {
    if (this._scheduledDelayMillis === defaultDelay) this._scheduledDelayMillis = delay;
    return original.apply(this, arguments);
  };
}

const runnerPid = Number(process.env.WORKSHOP_RUNNER_PID);
if (Number.isInteger(runnerPid) && runnerPid > 0) {
  const guard = setInterval(() => {
    try {
      process.kill(runnerPid, 0);
    } catch (error) {
      if (error && error.code === 'ESRCH') process.exit(137);
    }
  }, 500);
  // Never what keeps the app alive.
  guard.unref();
}

if (Number.isFinite(delay) && delay >= 0 && delay < defaultDelay) {
  const originalLoad = Module._load;
  Module._load = function loadAndPatch(request) {
    const exported = originalLoad.apply(this, arguments);
    if (request === '@opentelemetry/sdk-trace' || request === '@opentelemetry/sdk-trace-base' || request === '@opentelemetry/sdk-trace-node') {
      try {
        patchExports(exported);
      } catch {
        // Never break the app over an optimisation.
      }
    }
    return exported;
  };
}
