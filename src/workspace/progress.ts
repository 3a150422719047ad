import { createStore, get, set, update } from 'idb-keyval';

/** Which steps a learner has completed (all checks passed) and how long they worked on each, across reloads. */
const store = typeof indexedDB === 'undefined' ? undefined : createStore('cruddur-workshop-progress', 'progress');
const KEY = 'completed';
const TIME_KEY = 'time-spent';

export type Progress = Record<string, { completedAt: string }>;
/** Active milliseconds per step id. */
export type TimeSpent = Record<string, number>;

export async function loadProgress(): Promise<Progress> {
  return store ? ((await get<Progress>(KEY, store)) ?? {}) : {};
}

export async function markStepComplete(stepId: string): Promise<void> {
  if (!store) return;
  const progress = await loadProgress();
  if (progress[stepId]) return;
  await set(KEY, { ...progress, [stepId]: { completedAt: new Date().toISOString() } }, store);
}

export async function loadTimeSpent(): Promise<TimeSpent> {
  await foldPendingTime();
  return store ? ((await get<TimeSpent>(TIME_KEY, store)) ?? {}) : {};
}

/**
 * Time counted while a page is being left. IndexedDB is asynchronous and a page being unloaded may never see
 * its transaction finish, so the last few seconds go to localStorage (synchronous) and are folded into the
 * step's total by the next page that reads or adds time.
 */
const PENDING_PREFIX = 'cruddur-workshop:time-pending:';

export function addPendingTime(stepId: string, ms: number): void {
  if (!(ms > 0)) return;
  try {
    const key = PENDING_PREFIX + stepId;
    localStorage.setItem(key, String((Number(localStorage.getItem(key)) || 0) + ms));
  } catch {
    // storage full or blocked: those seconds are lost, nothing else
  }
}

export async function foldPendingTime(): Promise<void> {
  let pending: [string, number][] = [];
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (!key?.startsWith(PENDING_PREFIX)) continue;
      pending.push([key.slice(PENDING_PREFIX.length), Number(localStorage.getItem(key)) || 0]);
      localStorage.removeItem(key); // removed before adding, so a second tab cannot add it twice
    }
  } catch {
    pending = [];
  }
  for (const [stepId, ms] of pending) await addTimeSpent(stepId, ms);
}

/** Adds to a step's time in one transaction, so two tabs of the same step do not lose each other's time. */
export async function addTimeSpent(stepId: string, ms: number): Promise<void> {
  if (!store || !(ms > 0)) return;
  await update<TimeSpent>(TIME_KEY, (current) => ({ ...current, [stepId]: (current?.[stepId] ?? 0) + ms }), store);
}

/** Replaces everything (an imported progress file). */
export async function replaceProgress(progress: Progress, timeSpent: TimeSpent): Promise<void> {
  if (!store) return;
  await set(KEY, progress, store);
  await set(TIME_KEY, timeSpent, store);
}
