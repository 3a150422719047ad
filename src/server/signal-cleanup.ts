/**
 * Learner processes run in their own process groups and sessions, so a Ctrl-C on `npm start` does
 * not reach them: the server must kill them itself before it dies. One process-wide handler runs
 * every live server's synchronous cleanup, then lets the signal do what it would have done.
 */
const cleanups = new Set<() => void>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // Keep going: the other sessions still need their processes killed.
    }
  }
  cleanups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  uninstall();
  // Someone else listening (e.g. the start script) owns the exit; otherwise re-raise for the default.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', runAll);
}

function uninstall(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', runAll);
}

/** Returns an unregister function. */
export function registerSignalCleanup(cleanup: () => void): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) uninstall();
  };
}
