/**
 * The file sets a step is judged on: its starting files, its solution, and each variant (the solution with a
 * variant's files laid over it). Layering is the site's own (src/lessons/step-files.ts), so what is proven here is
 * what Reset and Solve serve.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { filesForStep, lessonsRoot as siteLessonsRoot, readTree, starterFiles, type FileMap, type StepFiles } from '../lessons/step-files.ts';

export type { FileMap, StepFiles };

/**
 * `filesForStep` reads the site's lessons folder (<cwd>/lessons). For that course it is used as is; for another
 * root (a fixture course in a test) the same layering is composed from the same building blocks: the starter,
 * then every earlier step's `solution/` in course order. tests/unit/lessons-tools/step-states.test.ts keeps the
 * two equal on the real course.
 */
export function stepFiles(root: string, stepId: string, orderedStepIds: readonly string[]): StepFiles {
  if (resolve(root) === resolve(siteLessonsRoot)) return filesForStep(stepId, orderedStepIds);
  const index = orderedStepIds.indexOf(stepId);
  if (index < 0) throw new Error(`Unknown step "${stepId}"`);
  const start = starterFiles();
  for (const earlier of orderedStepIds.slice(0, index)) Object.assign(start, readTree(join(root, earlier, 'solution')));
  return { start, solution: { ...start, ...readTree(join(root, stepId, 'solution')) } };
}

export const variantFileName = 'variant.json';

export interface VariantFolder {
  name: string;
  dir: string;
  /** The variant's own files (its delta over the solution), without variant.json. */
  files: FileMap;
}

/** `variants/<name>/` folders of a step, by name. */
export function variantFolders(stepDir: string): VariantFolder[] {
  const root = join(stepDir, 'variants');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => !name.startsWith('.') && statSync(join(root, name)).isDirectory())
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({ name, dir: join(root, name), files: readTree(join(root, name), new Set([variantFileName])) }));
}

export function variantState(solution: FileMap, variant: VariantFolder): FileMap {
  return { ...solution, ...variant.files };
}
