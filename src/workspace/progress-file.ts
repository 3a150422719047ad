import { normaliseNewPath } from './new-file-path.ts';
import type { Progress, TimeSpent } from './progress.ts';

/**
 * The one JSON file a learner exports to move their workshop to another browser: completed steps, active
 * time per step, and the edited files of every step. Import validates all of it before anything is written,
 * and says exactly what is wrong where.
 */
export const PROGRESS_FORMAT = 'cruddur-workshop-progress';
export const PROGRESS_VERSION = 1;
/** Far above any real export (the whole starter app is ~100 KB), far below what could hang the tab. */
export const MAX_PROGRESS_FILE_BYTES = 20 * 1024 * 1024;
const MAX_ERRORS = 12;

export interface ProgressData {
  completed: Progress;
  timeSpentMs: TimeSpent;
  /** Step id → (path → contents), only files that differ from the step's start. */
  files: Record<string, Record<string, string>>;
}

export interface ProgressFile extends ProgressData {
  format: typeof PROGRESS_FORMAT;
  version: typeof PROGRESS_VERSION;
  exportedAt: string;
}

export function buildProgressFile(data: ProgressData, now: Date): ProgressFile {
  return { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exportedAt: now.toISOString(), ...data };
}

export type ParsedProgress = { ok: true; data: ProgressData; warnings: string[] } | { ok: false; errors: string[] };

const STEP_ID = /^[\w.-]+\/[\w.-]+$/;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const quote = (text: string) => JSON.stringify(text);

/**
 * Reads an exported file. `knownSteps` are this course's step ids: data for other steps (a renamed or removed
 * step) is dropped with a warning rather than failing the whole import.
 */
export function parseProgressFile(text: string, knownSteps: readonly string[]): ParsedProgress {
  if (text.length > MAX_PROGRESS_FILE_BYTES) return { ok: false, errors: [`The file is too large (${Math.round(text.length / 1024 / 1024)} MB); a progress export is far smaller.`] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`The file is not valid JSON (${(error as Error).message}).`] };
  }
  if (!isRecord(value) || value.format !== PROGRESS_FORMAT) {
    return { ok: false, errors: ['This is not a progress file exported by the Cruddur workshop (its "format" is not "cruddur-workshop-progress").'] };
  }
  if (value.version !== PROGRESS_VERSION) {
    return { ok: false, errors: [`This progress file has version ${quote(String(value.version))}; this workshop reads version ${PROGRESS_VERSION}.`] };
  }

  const errors: string[] = [];
  const unknownSteps = new Set<string>();
  const known = new Set(knownSteps);
  const data: ProgressData = { completed: {}, timeSpentMs: {}, files: {} };
  /** Checks a step id key; returns whether its data should be kept. */
  const step = (field: string, id: string): boolean => {
    if (!STEP_ID.test(id)) {
      errors.push(`${field}: ${quote(id)} is not a step id (like "01-chapter/01-step").`);
      return false;
    }
    if (!known.has(id)) {
      unknownSteps.add(id);
      return false;
    }
    return true;
  };
  const section = (field: keyof ProgressData): Record<string, unknown> => {
    const raw = value[field];
    if (raw === undefined) return {};
    if (!isRecord(raw)) {
      errors.push(`"${field}" must be an object keyed by step id.`);
      return {};
    }
    return raw;
  };

  for (const [id, entry] of Object.entries(section('completed'))) {
    if (!step('completed', id)) continue;
    const completedAt = isRecord(entry) ? entry.completedAt : undefined;
    if (typeof completedAt !== 'string' || Number.isNaN(Date.parse(completedAt))) errors.push(`completed[${quote(id)}].completedAt must be a date.`);
    else data.completed[id] = { completedAt };
  }
  for (const [id, ms] of Object.entries(section('timeSpentMs'))) {
    if (!step('timeSpentMs', id)) continue;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) errors.push(`timeSpentMs[${quote(id)}] must be a number of milliseconds, not ${quote(String(ms))}.`);
    else data.timeSpentMs[id] = Math.round(ms);
  }
  for (const [id, files] of Object.entries(section('files'))) {
    if (!step('files', id)) continue;
    if (!isRecord(files)) {
      errors.push(`files[${quote(id)}] must be an object of file path → text.`);
      continue;
    }
    const kept: Record<string, string> = {};
    for (const [path, contents] of Object.entries(files)) {
      if (normaliseNewPath(path) !== path) errors.push(`files[${quote(id)}]: ${quote(path)} is not a usable file path (relative, no "..").`);
      else if (typeof contents !== 'string') errors.push(`files[${quote(id)}][${quote(path)}] must be text.`);
      else kept[path] = contents;
    }
    data.files[id] = kept;
  }

  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) shown.push(`…and ${errors.length - MAX_ERRORS} more problems.`);
    return { ok: false, errors: shown };
  }
  const warnings = unknownSteps.size > 0 ? [`Skipped data for ${unknownSteps.size} step(s) this course does not have: ${[...unknownSteps].sort().join(', ')}.`] : [];
  return { ok: true, data, warnings };
}
