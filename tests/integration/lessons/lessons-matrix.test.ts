/**
 * `npm test` proves the course: every step's matrix (start fails, variants fail what they declare, solution passes,
 * repeats agree) through the bundled runner, as lessons:test does. A lesson that breaks fails this test, with the
 * matrix printed.
 *
 * LESSONS_REPEAT (default 2) sets the repeats; LESSONS_JOBS (default 1) the check runs at a time. One at a time
 * because `npm test` already runs two test files at once on these 2-core machines; `npm run lessons:test` uses 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runMatrix } from '../../../src/lessons-tools/matrix.ts';
import { formatReport } from '../../../src/lessons-tools/matrix-text.ts';
import { buildSandbox } from '../../../src/scripts/build-sandbox.ts';
import { copyFixtureCourse, fixtureCourse, fixtureStep } from '../../fixtures/lessons-tools/fixture-course.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const repeat = Math.max(1, Number(process.env['LESSONS_REPEAT'] ?? 2) || 2);
const jobs = Math.max(1, Number(process.env['LESSONS_JOBS'] ?? 1) || 1);

/** Chapters in course order: each is proven in its own test, so a growing course never outgrows one deadline. */
const chapters = readdirSync(join(repoRoot, 'lessons'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^\d/.test(entry.name))
  .map((entry) => entry.name)
  .sort();

describe('lessons matrix', () => {
  // The kit and every step's compiled checks, built once for all chapters.
  const workshopDir = mkdtempSync(join(tmpdir(), 'lessons-matrix-kit-'));
  let built: Promise<unknown> | undefined;
  after(() => rmSync(workshopDir, { recursive: true, force: true }));

  it('the course has chapters', () => assert.ok(chapters.length > 0));

  for (const chapter of chapters) {
    it(`proves every step of ${chapter} (${repeat} repeats)`, { timeout: 900_000 }, async () => {
      built ??= buildSandbox({ outDir: workshopDir, lessonsDir: join(repoRoot, 'lessons') });
      await built;
      const report = await runMatrix({ lessonsRoot: join(repoRoot, 'lessons'), step: chapter, repeat, jobs, workshopDir });
      const text = formatReport(report);
      console.log(text);
      assert.ok(report.steps.length + report.skipped.length > 0, `${chapter} has steps`);
      assert.deepEqual(report.problems, [], text);
    });
  }

  it('fails when a lesson breaks: a variant declaring the wrong checks', { timeout: 120_000 }, async () => {
    const course = copyFixtureCourse();
    try {
      // The variant really fails exports-spans (no server span, so express makes no spans either) but claims only server-span.
      course.write(`${fixtureStep}/variants/no-http-instrumentation/variant.json`, JSON.stringify({ description: 'claims less than it breaks', fails: ['server-span'] }));
      const report = await runMatrix({ lessonsRoot: course.root, repeat: 1, jobs: 2 });
      const found = report.problems.map((p) => `${p.kind} ${p.state ?? '-'} ${p.check ?? '-'}`);
      assert.deepEqual(found, ['MISMATCH no-http-instrumentation exports-spans'], formatReport(report));
      assert.match(formatReport(report), /variant no-http-instrumentation +✓ \d+ +✗! \d+ +·/);
    } finally {
      course.dispose();
    }
  });

  it('reports required checks that no state makes fail as UNTESTED', { timeout: 120_000 }, async () => {
    const course = copyFixtureCourse();
    try {
      // A reading-only step before it adds server.js without tracing. The starting state then answers (home-answers
      // passes) and sends no spans (server-span only waits), and so does the one variant: neither check is tripped.
      course.write('01-bench/00-server/index.mdx', '---\ntitle: Server first\nsummary: Adds server.js without tracing.\nopenFiles: [backend/app.js]\nhasChecks: false\n---\n');
      course.write('01-bench/00-server/solution/backend/server.js', "const { createApp } = require('./app');\ncreateApp().listen(Number(process.env.PORT), '127.0.0.1');\n");
      const report = await runMatrix({ lessonsRoot: course.root, repeat: 1, jobs: 2 });
      const found = report.problems.map((p) => `${p.kind} ${p.state ?? '-'} ${p.check ?? '-'}`);
      assert.deepEqual(found, ['UNTESTED - home-answers', 'UNTESTED - server-span'], formatReport(report));
      assert.deepEqual(report.skipped, [{ step: '01-bench/00-server', why: 'reading-only step (hasChecks: false)' }]);
    } finally {
      course.dispose();
    }
  });

  it('the CLI prints the report as JSON and exits 0 on a course that holds, 1 on a step filter that matches nothing', { timeout: 120_000 }, () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['src/scripts/lessons-test.ts', '--lessons-root', fixtureCourse, ...args], { cwd: repoRoot, encoding: 'utf8' });
    const ok = cli('--repeat', '1', '--json');
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const report = JSON.parse(ok.stdout) as { steps: { step: string; rows: { name: string }[] }[]; problems: unknown[] };
    assert.deepEqual(report.steps.map((s) => s.step), [fixtureStep]);
    assert.deepEqual(report.steps[0]?.rows.map((r) => r.name), ['start', 'no-http-instrumentation', 'solution']);
    const none = cli('--step', '09-nothing');
    assert.equal(none.status, 1);
    assert.match(none.stdout, /BROKEN +09-nothing: no step matches --step 09-nothing/);
    assert.equal(cli('--repeat', '0').status, 2);
  });
});
