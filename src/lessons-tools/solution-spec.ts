/**
 * `lessons/<chapter>/<step>/solution.json` (optional, next to `solution/`, never inside it: everything in solution/
 * is laid into the sandbox). By default the solution must pass every check, optional ones too; a step whose
 * optional check is a stretch goal the solution deliberately leaves undone says so here:
 *
 *   { "optionalFails": ["span-in-request"], "why": "the stretch goal is left to the learner" }
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';

export const solutionSpecFile = 'solution.json';

export const solutionSpecSchema = z
  .object({
    optionalFails: z.array(z.string().min(1)).min(1),
    why: z.string().min(10, 'say why the solution leaves these undone'),
  })
  .strict();

export type SolutionSpec = z.infer<typeof solutionSpecSchema>;

export type SolutionSpecRead = { ok: true; spec: SolutionSpec | undefined } | { ok: false; problems: { field: string; message: string }[] };

export function readSolutionSpec(stepDir: string): SolutionSpecRead {
  const file = join(stepDir, solutionSpecFile);
  if (!existsSync(file)) return { ok: true, spec: undefined };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [{ field: '', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = solutionSpecSchema.safeParse(raw);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })) };
}
