/**
 * `npm run lessons:new -- <NN-chapter>/<NN-step-slug> --title "..."`: scaffolds a step (index.mdx, checks.ts,
 * solution/, variants/example/) and the chapter's chapter.json when it is new. Never overwrites.
 *
 *   node src/scripts/lessons-new.ts 01-honeycomb/02-custom-span --title "Add a custom span" [--chapter-title "..."] [--lessons-root lessons]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { displayPath } from '../lessons-tools/lint-problems.ts';
import { scaffoldStep } from '../lessons-tools/scaffold.ts';
import { repoRoot } from './repo.ts';

const { values, positionals } = parseArgs({
  options: { title: { type: 'string' }, 'chapter-title': { type: 'string' }, 'lessons-root': { type: 'string' } },
  allowPositionals: true,
});
const target = positionals[0];
if (target === undefined || positionals.length > 1) {
  console.error('usage: npm run lessons:new -- <NN-chapter>/<NN-step-slug> --title "Step title" [--chapter-title "Chapter title"]');
  process.exit(2);
}

const result = scaffoldStep({
  lessonsRoot: values['lessons-root'] === undefined ? join(repoRoot, 'lessons') : resolve(values['lessons-root']),
  target,
  ...(values.title === undefined ? {} : { title: values.title }),
  ...(values['chapter-title'] === undefined ? {} : { chapterTitle: values['chapter-title'] }),
});
if (!result.ok) {
  console.error(`lessons:new: ${result.error}`);
  process.exit(1);
}
for (const file of result.created) console.log(`created ${displayPath(file)}`);
console.log(`
Next: write the text (index.mdx), the solution files (solution/, then delete its README.md), the checks
(checks.ts) and a broken variant or more (variants/); then npm run lessons:lint and npm run lessons:test -- --step ${target}`);
