import { createStore, del, get, set } from 'idb-keyval';

/**
 * What the learner had before pressing Solve, kept until "Undo solve" (or the next Solve) so it survives a
 * reload. Stored as edits against the step's starting files, like the work itself (persistence.ts).
 */
const store = typeof indexedDB === 'undefined' ? undefined : createStore('cruddur-workshop-undo', 'before-solve');

export interface SolveSnapshot {
  edits: Record<string, string>;
  savedAt: string;
}

export async function saveSolveSnapshot(stepId: string, edits: Record<string, string>): Promise<void> {
  if (store) await set(stepId, { edits, savedAt: new Date().toISOString() } satisfies SolveSnapshot, store);
}

export async function loadSolveSnapshot(stepId: string): Promise<SolveSnapshot | null> {
  return store ? ((await get<SolveSnapshot>(stepId, store)) ?? null) : null;
}

export async function clearSolveSnapshot(stepId: string): Promise<void> {
  if (store) await del(stepId, store);
}
