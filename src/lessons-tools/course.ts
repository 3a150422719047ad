/**
 * The course as folders: `<lessonsRoot>/<NN-chapter>/<NN-step>/index.mdx`. Course order is folder order (the
 * same sort as src/lessons/course.ts uses for the site). Every tool takes the lessons root as a parameter so it
 * can be pointed at a fixture course in tests.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CourseStep {
  /** "01-honeycomb/01-home-activities-span" (the site's step id). */
  id: string;
  chapter: string;
  dir: string;
}

export interface Course {
  root: string;
  chapters: { id: string; dir: string }[];
  /** In course order. */
  steps: CourseStep[];
  /** Folders two levels down without an index.mdx: not steps, probably a mistake (reported by lint). */
  strayFolders: string[];
}

const byName = (a: string, b: string): number => a.localeCompare(b);

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isDirectory())
    .sort(byName);
}

export function discoverCourse(root: string): Course {
  const course: Course = { root, chapters: [], steps: [], strayFolders: [] };
  for (const chapter of subdirs(root)) {
    const chapterDir = join(root, chapter);
    course.chapters.push({ id: chapter, dir: chapterDir });
    for (const step of subdirs(chapterDir)) {
      const dir = join(chapterDir, step);
      if (existsSync(join(dir, 'index.mdx'))) course.steps.push({ id: `${chapter}/${step}`, chapter, dir });
      else course.strayFolders.push(`${chapter}/${step}`);
    }
  }
  return course;
}

/** `--step` filter: an exact step id, or a prefix ending at a "/" boundary ("01-honeycomb" selects the chapter). */
export function selectSteps(steps: readonly CourseStep[], filter: string | undefined): CourseStep[] {
  if (filter === undefined || filter === '') return [...steps];
  const wanted = filter.replace(/\/+$/, '');
  return steps.filter((step) => step.id === wanted || step.id.startsWith(`${wanted}/`));
}
