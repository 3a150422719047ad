import { createStore, get, set, del, entries, clear } from 'idb-keyval';

/**
 * The learner's work lives in IndexedDB, keyed by step: only files that differ from the step's starting
 * files are stored, so a change to the course's starter files still reaches files the learner never touched.
 */
const store = typeof indexedDB === 'undefined' ? undefined : createStore('cruddur-workshop', 'edits');

const PREFIX = 'edits:';
const key = (stepId: string) => `${PREFIX}${stepId}`;

export async function loadEdits(stepId: string): Promise<Record<string, string>> {
  if (!store) return {};
  return (await get<Record<string, string>>(key(stepId), store)) ?? {};
}

export async function saveEdits(stepId: string, edits: Record<string, string>): Promise<void> {
  if (!store) return;
  if (Object.keys(edits).length === 0) await del(key(stepId), store);
  else await set(key(stepId), edits, store);
}

/** Every step's stored edits (for exporting progress). */
export async function loadAllEdits(): Promise<Record<string, Record<string, string>>> {
  if (!store) return {};
  const all: Record<string, Record<string, string>> = {};
  for (const [name, value] of await entries<string, Record<string, string>>(store)) {
    if (typeof name === 'string' && name.startsWith(PREFIX)) all[name.slice(PREFIX.length)] = value;
  }
  return all;
}

/** Replaces every step's edits (an imported progress file). */
export async function replaceAllEdits(all: Record<string, Record<string, string>>): Promise<void> {
  if (!store) return;
  await clear(store);
  for (const [stepId, edits] of Object.entries(all)) await saveEdits(stepId, edits);
}

/** Files that differ from `start` (what is worth persisting). */
export function diffFromStart(files: Record<string, string>, start: Record<string, string>): Record<string, string> {
  const edits: Record<string, string> = {};
  for (const [path, contents] of Object.entries(files)) if (start[path] !== contents) edits[path] = contents;
  return edits;
}
