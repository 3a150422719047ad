/**
 * Active time on a step: time counts while the page is visible and the learner did something (typed, clicked,
 * scrolled, moved the pointer) within the last `idleAfterMs`. Reading a long paragraph without touching
 * anything still counts up to that limit; a tab left open overnight does not. Pure: the clock is passed in.
 */
export interface ActiveTime {
  /** The learner did something at `now`. */
  activity(now: number): void;
  /** The page became visible or hidden at `now`. */
  visibility(visible: boolean, now: number): void;
  /** Active milliseconds accumulated since the last `take`, which resets the count. */
  take(now: number): number;
}

export function createActiveTime(options: { idleAfterMs: number; start: number; visible: boolean }): ActiveTime {
  let counted = 0;
  let lastActivity = options.visible ? options.start : -Infinity;
  let visible = options.visible;
  let lastAdvance = options.start;

  // Adds the part of [lastAdvance, now] that lies inside the active window after the last activity.
  const advance = (now: number) => {
    if (now <= lastAdvance) return;
    if (visible) {
      const activeUntil = Math.min(now, lastActivity + options.idleAfterMs);
      const from = Math.max(lastAdvance, lastActivity);
      if (activeUntil > from) counted += activeUntil - from;
    }
    lastAdvance = now;
  };

  return {
    activity(now) {
      advance(now);
      if (visible) lastActivity = Math.max(lastActivity, now);
    },
    visibility(nowVisible, now) {
      advance(now);
      visible = nowVisible;
      // Coming back to the page is itself activity.
      if (nowVisible) lastActivity = now;
    },
    take(now) {
      advance(now);
      const result = Math.round(counted);
      counted = 0;
      return result;
    },
  };
}

/** "12 min", "1 h 05 min", "< 1 min": how the overview shows time spent. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return ms > 0 ? '< 1 min' : '0 min';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
