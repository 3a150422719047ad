/**
 * `lessons:lint`'s engine over a lessons root: folder names, chapter.json, then every step (lint-step.ts).
 * Returns the problems; an empty list means the course is clean.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chapterSchema } from '../lessons/schema.ts';
import { discoverCourse } from './course.ts';
import { zodProblems, type LintProblem } from './lint-problems.ts';
import { lintStep } from './lint-step.ts';

/** `NN-slug`: the number orders the course, the slug is the URL. */
const folderPattern = /^\d{2,}-[a-z0-9]+(-[a-z0-9]+)*$/;

export async function lintCourse(root: string): Promise<LintProblem[]> {
  if (!existsSync(root)) return [{ file: root, message: 'no such lessons folder' }];
  const course = discoverCourse(root);
  const problems: LintProblem[] = [];
  if (course.steps.length === 0) problems.push({ file: root, message: 'holds no step (lessons/<NN-chapter>/<NN-step>/index.mdx)' });

  for (const chapter of course.chapters) {
    if (!folderPattern.test(chapter.id)) problems.push({ file: chapter.dir, message: 'a chapter folder is named NN-slug (e.g. 02-xray)' });
    problems.push(...lintChapterJson(join(chapter.dir, 'chapter.json')));
  }
  for (const stray of course.strayFolders) problems.push({ file: join(root, stray), message: 'has no index.mdx, so it is not a step (every folder in a chapter is one)' });

  const order = course.steps.map((s) => s.id);
  for (const step of course.steps) {
    const name = step.id.split('/')[1] ?? '';
    if (!folderPattern.test(name)) problems.push({ file: step.dir, message: 'a step folder is named NN-slug (e.g. 02-custom-span)' });
    problems.push(...(await lintStep(root, step, order)));
  }
  return problems;
}

function lintChapterJson(file: string): LintProblem[] {
  if (!existsSync(file)) return [{ file, message: 'is missing: every chapter has one, { "title": ..., "summary": ... }' }];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return [{ file, message: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  const parsed = chapterSchema.strict().safeParse(raw);
  return parsed.success ? [] : zodProblems(file, '', parsed.error.issues);
}
