/** Hints for the failures the runner itself detects, whatever the step. A step or check can override any. */
import type { Hints } from '../../checks/types.ts';

export const runnerHints: Hints = {
  'app-crashed': 'Your app stopped before it started listening. The last lines of its output (below) usually name the file and line of the error.',
  'port-in-use': 'The app tried to listen on a port that is taken. Listen on process.env.PORT (the checks start their own copy of your app on a free port).',
  'module-not-found': 'Node could not find a module your app requires. Check the spelling of the path or package name in the require() call named in the output below.',
  'request-timeout': 'The request never got an answer. Make sure every route sends a response (res.json / res.send) and that nothing you added waits forever, like a span that wraps the handler but never ends.',
  'app-exited': 'The app stopped while the checks were talking to it. Something you added calls process.exit() or throws outside a request handler; the output below shows where.',
  'request-failed': 'The app accepted the connection but the request failed. Look at the output below for an error thrown while handling it.',
  'telemetry-flood': 'Your app sent far more spans than one request should produce, and the checks stopped counting. Look for a span started inside a loop, or a span processor/exporter that is set up more than once.',
};
