/** Everything lint checks about one step folder. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, starterFiles } from '../lessons/step-files.ts';
import type { CourseStep } from './course.ts';
import { lintChecks, type LoadedChecks } from './lint-checks.ts';
import { lintCodeBlocks } from './lint-code-blocks.ts';
import { lintDroppedLines } from './lint-dropped-lines.ts';
import { lintFrontmatter } from './lint-frontmatter.ts';
import type { LintProblem } from './lint-problems.ts';
import { lintVariants } from './lint-variants.ts';
import { solutionNote, solutionNotePath } from './scaffold.ts';
import { stepFiles } from './step-states.ts';

export async function lintStep(root: string, step: CourseStep, order: readonly string[]): Promise<LintProblem[]> {
  const problems: LintProblem[] = [];
  const mdxFile = join(step.dir, 'index.mdx');
  const source = readFileSync(mdxFile, 'utf8');
  const { start, solution } = stepFiles(root, step.id, order);

  const frontmatter = lintFrontmatter(mdxFile, source);
  problems.push(...frontmatter.problems);
  for (const [i, path] of (frontmatter.data?.openFiles ?? []).entries()) {
    if (start[path] === undefined && solution[path] === undefined) problems.push({ file: mdxFile, field: `frontmatter.openFiles.${i}`, message: `"${path}" is neither in the step's starting files nor in its solution` });
  }

  const checksFile = join(step.dir, 'checks.ts');
  let loaded: LoadedChecks | undefined;
  if (existsSync(checksFile)) {
    if (frontmatter.data?.hasChecks === false) problems.push({ file: mdxFile, field: 'frontmatter.hasChecks', message: 'is false, but the step has a checks.ts' });
    const checks = await lintChecks(checksFile);
    problems.push(...checks.problems);
    loaded = checks.loaded;
  } else if (frontmatter.data !== undefined && frontmatter.data.hasChecks) {
    problems.push({ file: checksFile, message: 'is missing (a reading-only step says hasChecks: false)' });
  }

  problems.push(...lintCodeBlocks(mdxFile, source, solution));
  const deltas = order.slice(0, order.indexOf(step.id) + 1).map((id) => ({ id, files: readTree(join(root, id, 'solution')) }));
  problems.push(...lintDroppedLines(step.dir, mdxFile, starterFiles(), deltas, step.id, frontmatter.data?.dropsLines));
  problems.push(...lintVariants(step.dir, solution, loaded));
  const note = join(step.dir, 'solution', solutionNotePath);
  if (existsSync(note) && readFileSync(note, 'utf8') === solutionNote) {
    problems.push({ file: note, message: 'is the note lessons:new left: delete it once solution/ holds the step\'s files (everything in solution/ is laid into the sandbox)' });
  }
  return problems;
}
