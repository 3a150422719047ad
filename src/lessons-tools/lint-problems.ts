/** What lint reports: the file, the field or place inside it, and what is wrong. */
import { isAbsolute, relative } from 'node:path';

export interface LintProblem {
  /** Absolute path. */
  file: string;
  field?: string;
  message: string;
}

/** Paths relative to the working directory when inside it, so they are clickable in a terminal. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

export function formatProblem(problem: LintProblem): string {
  return `${displayPath(problem.file)}${problem.field === undefined ? '' : ` › ${problem.field}`}: ${problem.message}`;
}

/** zod issues → problems, one per issue, with the field path spelled like the source ("openFiles.0", "preview.path"). */
export function zodProblems(file: string, prefix: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): LintProblem[] {
  return issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return field === '' ? { file, message: issue.message } : { file, field, message: issue.message };
  });
}

/** `{ field, message }` pairs (field '' = the file as a whole) → problems of `file`. */
export function fieldProblems(file: string, items: readonly { field: string; message: string }[]): LintProblem[] {
  return items.map((item) => (item.field === '' ? { file, message: item.message } : { file, field: item.field, message: item.message }));
}
