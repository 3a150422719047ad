import { createStore, get, set } from 'idb-keyval';

/** Which steps a learner has completed (all checks passed), kept across reloads. */
const store = typeof indexedDB === 'undefined' ? undefined : createStore('cruddur-workshop-progress', 'progress');
const KEY = 'completed';

export type Progress = Record<string, { completedAt: string }>;

export async function loadProgress(): Promise<Progress> {
  return store ? ((await get<Progress>(KEY, store)) ?? {}) : {};
}

export async function markStepComplete(stepId: string): Promise<void> {
  if (!store) return;
  const progress = await loadProgress();
  if (progress[stepId]) return;
  await set(KEY, { ...progress, [stepId]: { completedAt: new Date().toISOString() } }, store);
}
