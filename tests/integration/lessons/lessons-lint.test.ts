/**
 * lessons:lint over the real course (must be clean) and over copies of the fixture course, each broken in one
 * way that lint must report, naming the file and the field.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintCourse } from '../../../src/lessons-tools/lint-course.ts';
import { formatProblem } from '../../../src/lessons-tools/lint-problems.ts';
import { copyFixtureCourse, fixtureCourse, fixtureStep, type CourseCopy } from '../../fixtures/lessons-tools/fixture-course.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const step = fixtureStep;

interface Breakage {
  name: string;
  breakIt(course: CourseCopy): void;
  /** The one problem expected: its file (relative to the course root), field, and message. */
  file: string;
  field?: string;
  message: RegExp;
}

const breakages: Breakage[] = [
  {
    name: 'a frontmatter field fails the schema',
    breakIt: (c) => c.edit(`${step}/index.mdx`, 'title: Three checks over the traced starter app', 'title: Hi'),
    file: `${step}/index.mdx`,
    field: 'frontmatter.title',
    message: /3/,
  },
  {
    name: 'frontmatter is not YAML',
    breakIt: (c) => c.edit(`${step}/index.mdx`, 'openFiles:\n', 'openFiles: [\n'),
    file: `${step}/index.mdx`,
    field: 'frontmatter',
    message: /not valid YAML/,
  },
  {
    name: 'chapter.json is missing',
    breakIt: (c) => c.remove('01-bench/chapter.json'),
    file: '01-bench/chapter.json',
    message: /missing/,
  },
  {
    name: 'chapter.json has a bad field',
    breakIt: (c) => c.write('01-bench/chapter.json', JSON.stringify({ title: 'Fixture chapter', summary: 'short' })),
    file: '01-bench/chapter.json',
    field: 'summary',
    message: /10/,
  },
  {
    name: 'a check has no hints',
    breakIt: (c) => c.edit(`${step}/checks.ts`, "hints: { 'no-server-span': 'Register @opentelemetry/instrumentation-http so that each request gets a server span.' },", ''),
    file: `${step}/checks.ts`,
    field: 'check "server-span".hints',
    message: /no hint/,
  },
  {
    name: 'a check has an empty title',
    breakIt: (c) => c.edit(`${step}/checks.ts`, "title: 'The request has an HTTP server span',", "title: ' ',"),
    file: `${step}/checks.ts`,
    field: 'check "server-span".title',
    message: /empty/,
  },
  {
    name: 'a learner failure reason has no hint',
    breakIt: (c) => c.edit(`${step}/checks.ts`, "return fail('no-server-span', 'No server span", "if (ctx.attempt > 99) return fail('server-span-late', 'Too late.');\n        return fail('no-server-span', 'No server span"),
    file: `${step}/checks.ts`,
    field: 'check "server-span".hints',
    message: /"server-span-late"/,
  },
  {
    name: 'an openFiles entry does not exist',
    breakIt: (c) => c.edit(`${step}/index.mdx`, '  - backend/app.js\n', '  - backend/nope.js\n'),
    file: `${step}/index.mdx`,
    field: 'frontmatter.openFiles.1',
    message: /backend\/nope\.js/,
  },
  {
    name: 'a variant declares a check that does not exist',
    breakIt: (c) => c.edit(`${step}/variants/no-http-instrumentation/variant.json`, '"server-span"]', '"server-spam"]'),
    file: `${step}/variants/no-http-instrumentation/variant.json`,
    field: 'fails',
    message: /"server-spam" is not a check/,
  },
  {
    name: 'a variant.json misses its description',
    breakIt: (c) => c.write(`${step}/variants/no-http-instrumentation/variant.json`, JSON.stringify({ fails: ['server-span'] })),
    file: `${step}/variants/no-http-instrumentation/variant.json`,
    field: 'description',
    message: /./,
  },
  {
    name: 'a variant changes nothing',
    breakIt: (c) => c.write(`${step}/variants/no-http-instrumentation/backend/tracing.js`, c.read(`${step}/solution/backend/tracing.js`)),
    file: `${step}/variants/no-http-instrumentation`,
    message: /changes nothing/,
  },
  {
    name: 'a whole-file code block differs from the solution',
    breakIt: (c) => c.edit(`${step}/solution/backend/tracing.js`, 'sdk.start();', 'sdk.start(); // started'),
    file: `${step}/index.mdx`,
    field: 'code block at line 11 (title="backend/tracing.js")',
    message: /block line 11 \(file line 11\)/,
  },
  {
    name: 'a ++ line of a snippet is not in the solution',
    breakIt: (c) => c.edit(`${step}/index.mdx`, "require('./tracing'); // [!code ++]", "require('./tracer'); // [!code ++]"),
    file: `${step}/index.mdx`,
    field: 'code block at line 27 (title="backend/server.js")',
    message: /"require\('\.\/tracer'\);" \(marked \+\+\) is not in the solution file/,
  },
  {
    name: 'snippet lines out of order',
    breakIt: (c) => c.edit(`${step}/index.mdx`, "require('./tracing'); // [!code ++]\n\nconst { createApp } = require('./app');", "const { createApp } = require('./app');\nrequire('./tracing'); // [!code ++]"),
    file: `${step}/index.mdx`,
    field: 'code block at line 27 (title="backend/server.js")',
    message: /not in this order/,
  },
  {
    name: 'a titled block names a file the solution does not have',
    breakIt: (c) => c.edit(`${step}/index.mdx`, 'title="backend/server.js"', 'title="backend/serve.js"'),
    file: `${step}/index.mdx`,
    field: 'code block at line 27 (title="backend/serve.js")',
    message: /not a file of the step's solution/,
  },
  {
    name: 'a folder in a chapter has no index.mdx',
    breakIt: (c) => c.write('01-bench/02-draft/notes.txt', 'later'),
    file: '01-bench/02-draft',
    message: /no index\.mdx/,
  },
  {
    name: 'a step has no checks.ts',
    breakIt: (c) => c.remove(`${step}/checks.ts`),
    file: `${step}/checks.ts`,
    message: /missing/,
  },
  {
    name: 'solution.json excuses a required check',
    breakIt: (c) => c.write(`${step}/solution.json`, JSON.stringify({ optionalFails: ['server-span'], why: 'the server span is a stretch goal' })),
    file: `${step}/solution.json`,
    field: 'optionalFails',
    message: /required check/,
  },
  {
    name: 'a chapter folder is not NN-slug',
    breakIt: (c) => {
      c.write('Extras/chapter.json', JSON.stringify({ title: 'Extras', summary: 'Extra reading for later.' }));
    },
    file: 'Extras',
    message: /NN-slug/,
  },
];

describe('lessons:lint', () => {
  it('finds the real course clean', async () => {
    const problems = await lintCourse(join(repoRoot, 'lessons'));
    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('finds the fixture course clean', async () => {
    assert.deepEqual((await lintCourse(fixtureCourse)).map(formatProblem), []);
  });

  for (const breakage of breakages) {
    it(`reports: ${breakage.name}`, async () => {
      const course = copyFixtureCourse();
      try {
        breakage.breakIt(course);
        const problems = await lintCourse(course.root);
        const shown = problems.map(formatProblem).join('\n');
        assert.equal(problems.length, 1, `exactly one problem expected, got:\n${shown}`);
        const [problem] = problems;
        assert.equal(problem?.file, course.path(breakage.file), shown);
        assert.equal(problem?.field, breakage.field, shown);
        assert.match(problem?.message ?? '', breakage.message);
      } finally {
        course.dispose();
      }
    });
  }

  it('the CLI exits 1 with the list of problems, 0 when clean', () => {
    const course = copyFixtureCourse();
    try {
      const clean = spawnSync(process.execPath, ['src/scripts/lessons-lint.ts', '--lessons-root', course.root], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(clean.status, 0, clean.stdout + clean.stderr);
      course.remove('01-bench/chapter.json');
      course.edit(`${step}/index.mdx`, '  - backend/app.js\n', '  - backend/nope.js\n');
      const broken = spawnSync(process.execPath, ['src/scripts/lessons-lint.ts', '--lessons-root', course.root], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(broken.status, 1);
      assert.match(broken.stdout, /chapter\.json: is missing/);
      assert.match(broken.stdout, /index\.mdx › frontmatter\.openFiles\.1: "backend\/nope\.js"/);
      assert.match(broken.stdout, /lessons:lint: 2 problems/);
    } finally {
      course.dispose();
    }
  });
});
