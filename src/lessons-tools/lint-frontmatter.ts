/** A step's frontmatter, parsed the way Astro parses it and validated with the site's own zod schema. */
import { parseFrontmatter } from 'astro/markdown';
import { stepSchema, type StepData } from '../lessons/schema.ts';
import { zodProblems, type LintProblem } from './lint-problems.ts';

export function lintFrontmatter(file: string, source: string): { problems: LintProblem[]; data?: StepData } {
  let frontmatter: Record<string, unknown>;
  try {
    frontmatter = parseFrontmatter(source).frontmatter;
  } catch (error) {
    return { problems: [{ file, field: 'frontmatter', message: `is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }] };
  }
  if (Object.keys(frontmatter).length === 0) return { problems: [{ file, field: 'frontmatter', message: 'is missing (the file must start with a --- block)' }] };
  const parsed = stepSchema.safeParse(frontmatter);
  if (!parsed.success) return { problems: zodProblems(file, 'frontmatter', parsed.error.issues) };
  return { problems: [], data: parsed.data };
}
