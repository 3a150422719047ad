import { createActiveTime } from './active-time.ts';
import { addPendingTime, addTimeSpent, foldPendingTime } from './progress.ts';

const IDLE_AFTER_MS = 2 * 60_000;
const FLUSH_EVERY_MS = 10_000;
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'focusin'] as const;

/**
 * Counts active time on a step page (active-time.ts decides what counts) and adds it to the step's total in
 * IndexedDB every few seconds; what is counted when the page is hidden or left goes to localStorage at once
 * (progress.ts folds it in later).
 */
export function trackActiveTime(stepId: string): () => void {
  void foldPendingTime();
  const timer = createActiveTime({ idleAfterMs: IDLE_AFTER_MS, start: performance.now(), visible: document.visibilityState === 'visible' });
  let lastSeen = 0;
  const onActivity = () => {
    // pointermove fires constantly; once a second is plenty.
    const now = performance.now();
    if (now - lastSeen < 1000) return;
    lastSeen = now;
    timer.activity(now);
  };
  for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { capture: true, passive: true });
  const flushLater = () => void addTimeSpent(stepId, timer.take(performance.now()));
  const flushNow = () => addPendingTime(stepId, timer.take(performance.now()));
  const onVisibility = () => {
    timer.visibility(document.visibilityState === 'visible', performance.now());
    if (document.visibilityState === 'hidden') flushNow();
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', flushNow);
  const interval = setInterval(flushLater, FLUSH_EVERY_MS);
  // Leaving for another step: the time so far is this step's.
  return () => {
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', flushNow);
    clearInterval(interval);
    flushNow();
  };
}
