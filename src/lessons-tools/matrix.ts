/**
 * `lessons:test`'s engine: for every step, materialise its starting state, each variant and its solution as
 * sandbox-shaped folders, run the bundled checks on each several times (bounded parallelism), and judge the runs
 * (verdicts.ts).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFrontmatter } from 'astro/markdown';
import { buildSandbox } from '../scripts/build-sandbox.ts';
import { discoverCourse, selectSteps, type CourseStep } from './course.ts';
import { mapPool } from './pool.ts';
import { runState, type StateRun } from './run-state.ts';
import { materialise, removeDir } from './sandbox-dir.ts';
import { readSolutionSpec } from './solution-spec.ts';
import { stepFiles, variantFolders, variantState, type FileMap } from './step-states.ts';
import { readTerminalSpec } from './terminal-spec.ts';
import { readVariantSpec } from './variant-spec.ts';
import { judgeStep, type MatrixProblem, type StateExpectation, type StepVerdict } from './verdicts.ts';

export interface MatrixOptions {
  lessonsRoot: string;
  /** A step id or a chapter folder (see selectSteps). */
  step?: string;
  /** Runs per state (default 3): repeats that disagree are FLAKY. */
  repeat?: number;
  /** Check runs at a time (default: 2, or fewer cores). */
  jobs?: number;
  /** Prebuilt sandbox bundles (a buildSandbox() outDir for this lessons root); default: a fresh build. */
  workshopDir?: string;
  /** Progress, one call per finished run. */
  onRun?(event: { step: string; state: string; repeat: number; run: StateRun; done: number; total: number }): void;
}

export interface MatrixReport {
  lessonsRoot: string;
  repeat: number;
  jobs: number;
  steps: StepVerdict[];
  skipped: { step: string; why: string }[];
  problems: MatrixProblem[];
  buildMs: number;
  durationMs: number;
}

interface PlannedState {
  step: string;
  expectation: StateExpectation;
  files: FileMap;
  /** Terminal commands replayed against the state's session cloud (terminal-spec.ts). */
  terminal: string[];
}

export const defaultRepeat = 3;
export const defaultJobs = Math.max(1, Math.min(2, availableParallelism()));

export async function runMatrix(options: MatrixOptions): Promise<MatrixReport> {
  const started = performance.now();
  const repeat = Math.max(1, options.repeat ?? defaultRepeat);
  const jobs = Math.max(1, options.jobs ?? defaultJobs);
  const course = discoverCourse(options.lessonsRoot);
  const order = course.steps.map((s) => s.id);
  const skipped: MatrixReport['skipped'] = [];
  const problems: MatrixProblem[] = [];
  const planned: PlannedState[] = [];

  for (const step of selectSteps(course.steps, options.step)) {
    const states = planStep(course.root, step, order, problems);
    if (states === undefined) skipped.push({ step: step.id, why: hasChecksFalse(step) ? 'reading-only step (hasChecks: false)' : 'no checks.ts' });
    else planned.push(...states);
  }
  if (options.step !== undefined && selectSteps(course.steps, options.step).length === 0) {
    problems.push({ kind: 'BROKEN', step: options.step, message: `no step matches --step ${options.step}` });
  }

  const buildStarted = performance.now();
  const ownBuild = options.workshopDir === undefined && planned.length > 0;
  const workshopDir = options.workshopDir ?? mkdtempSync(join(tmpdir(), 'lessons-test-kit-'));
  if (ownBuild) await buildSandbox({ outDir: workshopDir, lessonsDir: options.lessonsRoot });
  const buildMs = Math.round(performance.now() - buildStarted);

  const dirs = planned.map((state) => materialise(state.files, { workshopDir, prefix: 'lessons-test-' }));
  const runs: StateRun[][] = planned.map(() => []);
  try {
    // Repeat-major order: a state's repeats are spread over the whole run, under different neighbours.
    const tasks = Array.from({ length: repeat }, (_, r) => planned.map((_, s) => ({ s, r }))).flat();
    let done = 0;
    await mapPool(tasks, jobs, async ({ s, r }) => {
      const state = planned[s]!;
      const run = await runState(dirs[s]!, state.step, 1, state.terminal);
      runs[s]!.push(run);
      done += 1;
      options.onRun?.({ step: state.step, state: state.expectation.name, repeat: r + 1, run, done, total: tasks.length });
    });
  } finally {
    for (const dir of dirs) removeDir(dir);
    if (ownBuild) removeDir(workshopDir);
  }

  const steps: StepVerdict[] = [];
  for (const stepId of new Set(planned.map((p) => p.step))) {
    const states = planned.flatMap((p, i) => (p.step === stepId ? [{ expectation: p.expectation, runs: runs[i]! }] : []));
    const verdict = judgeStep(stepId, states);
    steps.push(verdict);
    problems.push(...verdict.problems);
  }
  return { lessonsRoot: options.lessonsRoot, repeat, jobs, steps, skipped, problems, buildMs, durationMs: Math.round(performance.now() - started) };
}

function hasChecksFalse(step: CourseStep): boolean {
  try {
    return parseFrontmatter(readFileSync(join(step.dir, 'index.mdx'), 'utf8')).frontmatter['hasChecks'] === false;
  } catch {
    return false;
  }
}

/** The states of one step, or undefined when it has no checks to prove. Unusable declarations become problems. */
function planStep(root: string, step: CourseStep, order: readonly string[], problems: MatrixProblem[]): PlannedState[] | undefined {
  if (!existsSync(join(step.dir, 'checks.ts'))) {
    if (!hasChecksFalse(step)) problems.push({ kind: 'BROKEN', step: step.id, message: 'no checks.ts (mark a reading-only step with hasChecks: false)' });
    return undefined;
  }
  const { start, solution } = stepFiles(root, step.id, order);
  // Commands typed in earlier steps are in the session already; this step's are part of its solution.
  const before: string[] = [];
  for (const earlier of order.slice(0, order.indexOf(step.id))) {
    const read = readTerminalSpec(join(root, earlier));
    if (read.ok) before.push(...read.commands);
    else problems.push({ kind: 'BROKEN', step: earlier, message: read.problem });
  }
  const own = readTerminalSpec(step.dir);
  if (!own.ok) problems.push({ kind: 'BROKEN', step: step.id, message: own.problem });
  const after = [...before, ...(own.ok ? own.commands : [])];
  const states: PlannedState[] = [{ step: step.id, expectation: { kind: 'start', name: 'start' }, files: start, terminal: before }];
  for (const variant of variantFolders(step.dir)) {
    const read = readVariantSpec(variant.dir);
    if (!read.ok) {
      problems.push({ kind: 'BROKEN', step: step.id, state: variant.name, message: `variant.json: ${read.problems.map((p) => `${p.field || '(file)'}: ${p.message}`).join('; ')}` });
      continue;
    }
    const expectation: StateExpectation = { kind: 'variant', name: variant.name, fails: read.spec.fails };
    if (read.spec.reasons !== undefined) expectation.reasons = read.spec.reasons;
    states.push({ step: step.id, expectation, files: variantState(solution, variant), terminal: read.spec.terminal === undefined ? after : [...before, ...read.spec.terminal] });
  }
  const solutionSpec = readSolutionSpec(step.dir);
  if (!solutionSpec.ok) problems.push({ kind: 'BROKEN', step: step.id, state: 'solution', message: `solution.json: ${solutionSpec.problems.map((p) => `${p.field || '(file)'}: ${p.message}`).join('; ')}` });
  const fails = solutionSpec.ok ? (solutionSpec.spec?.optionalFails ?? []) : [];
  states.push({ step: step.id, expectation: { kind: 'solution', name: 'solution', fails }, files: solution, terminal: after });
  return states;
}
