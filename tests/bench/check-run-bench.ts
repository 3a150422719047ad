/**
 * How long a learner waits for "Run checks" on a three-check step: the BUNDLED runner (as the sandbox runs it)
 * against a materialised, solved sandbox folder, timed from spawn to exit.
 *
 * The step is the fixture tests/fixtures/lessons-tools/course/01-bench/01-three-checks: three checks (the home
 * feed answers, spans arrive, a server span exists) over the starter app with the solution's tracing.js and
 * server.js. A fixture rather than the real first step so that the figure does not move when that lesson gains
 * or loses checks, while the work per run is the real thing (NodeSDK, http + express instrumentation, OTLP/proto).
 *
 * - cold: a fresh folder (new materialisation, node_modules link, .workshop link) and its first run. The OS file
 *   cache is warm in both cases (it cannot be dropped without root); "cold" is cold for the sandbox folder.
 * - warm: further runs in the same folder, as a learner pressing Run checks again.
 *
 *   node tests/bench/check-run-bench.ts [--runs 10]        prints JSON
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { discoverCourse } from '../../src/lessons-tools/course.ts';
import { runState } from '../../src/lessons-tools/run-state.ts';
import { materialise, removeDir } from '../../src/lessons-tools/sandbox-dir.ts';
import { stepFiles } from '../../src/lessons-tools/step-states.ts';
import { buildSandbox } from '../../src/scripts/build-sandbox.ts';
import { percentile } from './stats.ts';

export const benchCourse = fileURLToPath(new URL('../fixtures/lessons-tools/course', import.meta.url));
export const benchStep = '01-bench/01-three-checks';

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface CheckRunBench {
  threeCheckStep: { cold: Percentiles; warm: Percentiles; runs: number; samples: { cold: number[]; warm: number[] } };
}

const summary = (values: number[]): Percentiles => ({ p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)) });

/** `runs` cold runs (each in a fresh folder) and `runs` warm runs (in one folder, after a first run there). */
export async function benchCheckRuns({ runs }: { runs: number }): Promise<CheckRunBench> {
  const workshopDir = mkdtempSync(join(tmpdir(), 'bench-kit-'));
  const dirs: string[] = [];
  try {
    await buildSandbox({ outDir: workshopDir, lessonsDir: benchCourse });
    const course = discoverCourse(benchCourse);
    const { solution } = stepFiles(course.root, benchStep, course.steps.map((s) => s.id));
    const timed = async (dir: string): Promise<number> => {
      const run = await runState(dir, benchStep);
      const failed = [...run.checks].filter(([, c]) => c.status !== 'passed').map(([id]) => id);
      if (run.error !== undefined || run.checks.size !== 3 || failed.length > 0) throw new Error(`bench run did not pass its 3 checks: ${run.error ?? failed.join(', ')}`);
      return run.wallMs;
    };

    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Cold includes making the folder: that is part of a first run in a new sandbox.
      const started = performance.now();
      const dir = materialise(solution, { workshopDir, prefix: 'bench-cold-' });
      dirs.push(dir);
      await timed(dir);
      cold.push(Math.round(performance.now() - started));
    }
    const warmDir = materialise(solution, { workshopDir, prefix: 'bench-warm-' });
    dirs.push(warmDir);
    await timed(warmDir);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await timed(warmDir));
    return { threeCheckStep: { cold: summary(cold), warm: summary(warm), runs, samples: { cold, warm } } };
  } finally {
    for (const dir of dirs) removeDir(dir);
    removeDir(workshopDir);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
  // stepFiles layers <cwd>/starter-app under the solution.
  process.chdir(fileURLToPath(new URL('../../', import.meta.url)));
  console.log(JSON.stringify(await benchCheckRuns({ runs: Math.max(1, Number(values.runs) || 10) }), null, 2));
}
