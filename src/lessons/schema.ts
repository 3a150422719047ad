import { z } from 'astro/zod';

/**
 * The single source of truth for lesson metadata: Astro validates every `lessons/<chapter>/<step>/index.mdx`
 * frontmatter against it at build time (a bad field fails the build naming the file and field), and the
 * inferred types below are what the pages and the workspace use.
 */
const sandboxPath = z
  .string()
  .regex(/^(?!\/)(?!.*\.\.)[\w@./-]+$/, 'a path inside the sandbox, relative, without ".."');

export const stepSchema = z.object({
  title: z.string().min(3),
  summary: z.string().min(10),
  /** Files opened in the editor when the step loads; the first one gets focus. */
  openFiles: z.array(sandboxPath).min(1),
  /** What the preview panel shows first. */
  preview: z
    .object({
      service: z.enum(['backend', 'frontend']).default('backend'),
      path: z.string().startsWith('/').default('/api/activities/home'),
    })
    .default({ service: 'backend', path: '/api/activities/home' }),
  /** Minutes a learner usually needs; shown in the step header. */
  minutes: z.number().int().positive().max(120).optional(),
  /** Steps without checks (reading, quizzes done in text) can be marked done by hand. */
  hasChecks: z.boolean().default(true),
  /**
   * Lines an earlier step added that this step's solution removes on purpose, by sandbox path. Only lessons:lint
   * reads it (src/lessons-tools/lint-dropped-lines.ts): any other such removal is reported as a lost line.
   */
  dropsLines: z.record(sandboxPath, z.array(z.string().trim().min(1)).min(1)).optional(),
});

export const chapterSchema = z.object({
  title: z.string().min(3),
  summary: z.string().min(10),
});

export type StepData = z.infer<typeof stepSchema>;
export type ChapterData = z.infer<typeof chapterSchema>;
