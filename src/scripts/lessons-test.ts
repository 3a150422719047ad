/**
 * `npm run lessons:test`: proves every step (its starting state fails, each variant fails exactly what it
 * declares, its solution passes, the same way each repeat) with the bundled runner the sandbox uses.
 *
 *   node src/scripts/lessons-test.ts [--step 01-honeycomb/01-home-activities-span] [--repeat 3] [--jobs 2] [--json] [--lessons-root lessons]
 *
 * Exit code: 0 when every step holds, 1 on any problem, 2 on bad arguments.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultJobs, defaultRepeat, runMatrix } from '../lessons-tools/matrix.ts';
import { formatReport } from '../lessons-tools/matrix-text.ts';
import { repoRoot } from './repo.ts';

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got "${value}"`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    step: { type: 'string' },
    repeat: { type: 'string' },
    jobs: { type: 'string' },
    json: { type: 'boolean', default: false },
    'lessons-root': { type: 'string' },
  },
});

const lessonsRoot = values['lessons-root'] === undefined ? join(repoRoot, 'lessons') : resolve(values['lessons-root']);
// Step files are layered from <cwd>/starter-app and <cwd>/lessons (src/lessons/step-files.ts), as in the site build.
process.chdir(repoRoot);

const report = await runMatrix({
  lessonsRoot,
  ...(values.step === undefined ? {} : { step: values.step }),
  repeat: positiveInt(values.repeat, defaultRepeat, 'repeat'),
  jobs: positiveInt(values.jobs, defaultJobs, 'jobs'),
  onRun: values.json
    ? undefined
    : ({ step, state, repeat, run, done, total }) => process.stderr.write(`  [${String(done).padStart(String(total).length)}/${total}] ${step} › ${state} #${repeat}: ${run.error === undefined ? `${run.wallMs} ms` : 'runner error'}\n`),
});
process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
process.exitCode = report.problems.length === 0 ? 0 : 1;
