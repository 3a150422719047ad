/**
 * `npm run lessons:lint`: the course's static rules (frontmatter and chapter.json against the site's zod schema,
 * checks with titles and hints, openFiles that exist, variants that declare real checks, code shown in the text
 * equal to the solution). Fast: runs no app.
 *
 *   node src/scripts/lessons-lint.ts [--lessons-root lessons] [--json]
 *
 * Exit code: 0 when clean, 1 with a list of problems.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lintCourse } from '../lessons-tools/lint-course.ts';
import { displayPath, formatProblem } from '../lessons-tools/lint-problems.ts';
import { repoRoot } from './repo.ts';

const { values } = parseArgs({ options: { 'lessons-root': { type: 'string' }, json: { type: 'boolean', default: false } } });
const lessonsRoot = values['lessons-root'] === undefined ? join(repoRoot, 'lessons') : resolve(values['lessons-root']);
// Step files are layered from <cwd>/starter-app (src/lessons/step-files.ts), as in the site build.
process.chdir(repoRoot);

const problems = await lintCourse(lessonsRoot);
if (values.json) {
  process.stdout.write(`${JSON.stringify({ lessonsRoot, problems }, null, 2)}\n`);
} else if (problems.length === 0) {
  console.log(`lessons:lint: ${displayPath(lessonsRoot)} is clean`);
} else {
  for (const problem of problems) console.log(formatProblem(problem));
  console.log(`lessons:lint: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
}
process.exitCode = problems.length === 0 ? 0 : 1;
