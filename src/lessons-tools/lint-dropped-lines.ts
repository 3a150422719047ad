/**
 * Solutions are whole files, so a step that changes a file must carry every line earlier steps put there; copying
 * an older version of the file silently undoes their work (06-security once lost 02-xray's id generator). Rule:
 *
 *   a line that an earlier step ADDED (in its solution/ version of the file, not in that step's starting version)
 *   and that is still in this step's starting version must still be in this step's solution.
 *
 * Lines are compared with all whitespace removed (re-indenting is not a change); blank lines are ignored; a line
 * counts as kept if it is anywhere in the file (moving code is not dropping it), also when it is split over several
 * lines there (a long call wrapped by the formatter). Lines of the starter app are not
 * guarded: steps may remove those ("put the return back"). The step named is the LAST one that added the line,
 * the one whose addition this step undoes. A step that removes such a line on purpose lists it in its frontmatter,
 * `dropsLines: { <sandbox path>: [<line>, ...] }`; an entry that matches no such line is reported, so the list
 * cannot go stale.
 */
import { join } from 'node:path';
import type { LintProblem } from './lint-problems.ts';
import type { FileMap } from './step-states.ts';

/** One step's `solution/` folder as authored: only the files it adds or changes. */
export interface StepDelta {
  id: string;
  files: FileMap;
}

export interface DroppedLine {
  path: string;
  /** As written in the step's starting file, trimmed. */
  line: string;
  addedBy: string;
}

const lineKey = (line: string): string => line.replace(/\s+/g, '');

function lineKeys(text: string | undefined): Set<string> {
  return new Set((text ?? '').split('\n').map(lineKey).filter((key) => key !== ''));
}

/** Lines wrapped over several lines are rejoined: up to this many consecutive lines count as one. */
const MAX_WRAPPED_LINES = 8;

/** Every line's key, and the keys of runs of consecutive lines, so a wrapped line still counts as kept. */
function keptLineKeys(text: string | undefined): Set<string> {
  const keys = (text ?? '').split('\n').map(lineKey).filter((key) => key !== '');
  const kept = new Set<string>();
  for (let first = 0; first < keys.length; first++) {
    let joined = '';
    for (let last = first; last < Math.min(keys.length, first + MAX_WRAPPED_LINES); last++) kept.add((joined += keys[last]));
  }
  return kept;
}

/** `steps`: every step's delta in course order, at least up to `stepId`. */
export function findDroppedLines(starter: FileMap, steps: readonly StepDelta[], stepId: string): DroppedLine[] {
  const index = steps.findIndex((step) => step.id === stepId);
  const own = steps[index];
  if (own === undefined) throw new Error(`Unknown step "${stepId}"`);
  const dropped: DroppedLine[] = [];
  for (const path of Object.keys(own.files).sort()) {
    let current = starter[path];
    const additions: { stepId: string; added: Set<string> }[] = [];
    for (const earlier of steps.slice(0, index)) {
      const after = earlier.files[path];
      if (after === undefined) continue;
      const before = lineKeys(current);
      additions.push({ stepId: earlier.id, added: new Set([...lineKeys(after)].filter((key) => !before.has(key))) });
      current = after;
    }
    if (current === undefined) continue;
    const kept = keptLineKeys(own.files[path]);
    const reported = new Set<string>();
    for (const raw of current.split('\n')) {
      const key = lineKey(raw);
      if (key === '' || kept.has(key) || reported.has(key)) continue;
      const adder = additions.findLast((addition) => addition.added.has(key));
      if (adder === undefined) continue;
      reported.add(key);
      dropped.push({ path, line: raw.trim(), addedBy: adder.stepId });
    }
  }
  return dropped;
}

/** Problems for `stepId`: its unexcused dropped lines, and `dropsLines` entries that excuse nothing. */
export function lintDroppedLines(
  stepDir: string,
  mdxFile: string,
  starter: FileMap,
  steps: readonly StepDelta[],
  stepId: string,
  allowed: Readonly<Record<string, readonly string[]>> = {},
): LintProblem[] {
  const problems: LintProblem[] = [];
  const dropped = findDroppedLines(starter, steps, stepId);
  const excuses = (path: string, key: string): boolean => (allowed[path] ?? []).some((line) => lineKey(line) === key);
  for (const drop of dropped) {
    if (excuses(drop.path, lineKey(drop.line))) continue;
    problems.push({ file: join(stepDir, 'solution', drop.path), message: `drops a line ${drop.addedBy} added: ${JSON.stringify(drop.line)} (if on purpose, list it under dropsLines in the frontmatter)` });
  }
  for (const [path, lines] of Object.entries(allowed)) {
    for (const [i, line] of lines.entries()) {
      if (dropped.some((drop) => drop.path === path && lineKey(drop.line) === lineKey(line))) continue;
      problems.push({ file: mdxFile, field: `frontmatter.dropsLines.${path}.${i}`, message: `${JSON.stringify(line)} is not a line an earlier step added that solution/${path} drops: remove the entry` });
    }
  }
  return problems;
}
