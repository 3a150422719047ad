import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A sandbox's text files by POSIX path ("backend/app.js" → contents). */
export type FileMap = Record<string, string>;

// Astro bundles this module before running it, so `import.meta.url` does not point into src/: resolve from
// the project root, which is where astro (and every npm script) runs.
const repoRoot = process.cwd();
export const lessonsRoot = join(repoRoot, 'lessons');
export const starterRoot = join(repoRoot, 'starter-app');

/** Not shown to learners: installed once and linked in, or only meaningful in this repo. */
const STARTER_IGNORED = new Set(['node_modules', 'test', 'package-lock.json']);

export function readTree(root: string, ignored: ReadonlySet<string> = new Set()): FileMap {
  const files: FileMap = {};
  if (!existsSync(root)) return files;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (ignored.has(name) || name === '.DS_Store') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

export function starterFiles(): FileMap {
  return readTree(starterRoot, STARTER_IGNORED);
}

/** The files a step's `solution/` folder changes (only the delta is authored). */
export function solutionDelta(stepId: string): FileMap {
  return readTree(join(lessonsRoot, stepId, 'solution'));
}

export interface StepFiles {
  start: FileMap;
  solution: FileMap;
}

/**
 * A step starts where the previous step's solution ended, so each step's starting files are the starter
 * app with every earlier step's solution applied in course order.
 */
export function filesForStep(stepId: string, orderedStepIds: readonly string[]): StepFiles {
  const index = orderedStepIds.indexOf(stepId);
  if (index < 0) throw new Error(`Unknown step "${stepId}"`);
  const start = starterFiles();
  for (const earlier of orderedStepIds.slice(0, index)) Object.assign(start, solutionDelta(earlier));
  const solution = { ...start, ...solutionDelta(stepId) };
  return { start, solution };
}
