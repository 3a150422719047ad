/** A step's `variants/*` and `solution.json`: valid declarations, about checks that exist, each changing something. */
import { join } from 'node:path';
import type { LoadedChecks } from './lint-checks.ts';
import { fieldProblems, type LintProblem } from './lint-problems.ts';
import { readSolutionSpec, solutionSpecFile } from './solution-spec.ts';
import { variantFileName, variantFolders, type FileMap } from './step-states.ts';
import { readTerminalSpec } from './terminal-spec.ts';
import { readVariantSpec } from './variant-spec.ts';

function stepCommands(stepDir: string): string[] {
  const read = readTerminalSpec(stepDir);
  return read.ok ? read.commands : [];
}

const namePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function lintVariants(stepDir: string, solution: FileMap, loaded: LoadedChecks | undefined): LintProblem[] {
  const problems: LintProblem[] = [];
  const ids = new Set(loaded?.checks.map((c) => c.id));
  for (const variant of variantFolders(stepDir)) {
    const file = join(variant.dir, variantFileName);
    if (!namePattern.test(variant.name)) problems.push({ file: variant.dir, message: 'a variant folder name is kebab-case (it names the variant in the matrix)' });
    const read = readVariantSpec(variant.dir);
    if (!read.ok) problems.push(...fieldProblems(file, read.problems));
    else if (loaded !== undefined) {
      for (const id of read.spec.fails) if (!ids.has(id)) problems.push({ file, field: 'fails', message: `"${id}" is not a check of this step (checks: ${[...ids].join(', ')})` });
    }
    const paths = Object.keys(variant.files);
    // A mistake typed in the terminal (terminal-spec.ts) is a change too, with or without files.
    const typesOtherCommands = read.ok && read.spec.terminal !== undefined && JSON.stringify(read.spec.terminal) !== JSON.stringify(stepCommands(stepDir));
    if (typesOtherCommands) continue;
    if (paths.length === 0) problems.push({ file: variant.dir, message: 'has no files besides variant.json: put the broken files at their sandbox paths (e.g. backend/app.js)' });
    else if (paths.every((path) => solution[path] === variant.files[path])) problems.push({ file: variant.dir, message: 'changes nothing: every file equals the solution\'s' });
  }

  const solutionSpec = readSolutionSpec(stepDir);
  const specFile = join(stepDir, solutionSpecFile);
  if (!solutionSpec.ok) problems.push(...fieldProblems(specFile, solutionSpec.problems));
  else if (solutionSpec.spec !== undefined && loaded !== undefined) {
    for (const id of solutionSpec.spec.optionalFails) {
      const check = loaded.checks.find((c) => c.id === id);
      if (check === undefined) problems.push({ file: specFile, field: 'optionalFails', message: `"${id}" is not a check of this step` });
      else if (!check.optional) problems.push({ file: specFile, field: 'optionalFails', message: `"${id}" is a required check: the solution must pass it` });
    }
  }
  return problems;
}
