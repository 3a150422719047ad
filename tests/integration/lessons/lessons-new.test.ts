/** lessons:new in a temp lessons root: what it creates, that it is valid where it should be, and that it never overwrites. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintCourse } from '../../../src/lessons-tools/lint-course.ts';
import { lintFrontmatter } from '../../../src/lessons-tools/lint-frontmatter.ts';
import { formatProblem } from '../../../src/lessons-tools/lint-problems.ts';
import { titleFromSlug } from '../../../src/lessons-tools/scaffold.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
let root: string;

const lessonsNew = (...args: string[]) => spawnSync(process.execPath, ['src/scripts/lessons-new.ts', ...args, '--lessons-root', root], { cwd: repoRoot, encoding: 'utf8' });

before(() => {
  root = mkdtempSync(join(tmpdir(), 'lessons-new-'));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('lessons:new', () => {
  it('scaffolds a step and its new chapter', () => {
    const result = lessonsNew('02-xray/01-first-segment', '--title', 'Your first X-Ray segment');
    assert.equal(result.status, 0, result.stderr);
    const step = join(root, '02-xray/01-first-segment');
    for (const file of ['index.mdx', 'checks.ts', 'solution/README.md', 'variants/example/variant.json']) {
      assert.ok(existsSync(join(step, file)), file);
      assert.match(result.stdout, new RegExp(`created .*01-first-segment/${file.replace('.', '\\.')}`));
    }
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(root, '02-xray/chapter.json'), 'utf8'))), ['title', 'summary']);
    const mdx = join(step, 'index.mdx');
    const frontmatter = lintFrontmatter(mdx, readFileSync(mdx, 'utf8'));
    assert.deepEqual(frontmatter.problems, []);
    assert.equal(frontmatter.data?.title, 'Your first X-Ray segment');
  });

  it('leaves a step that lint accepts except for the two things only the author can do', async () => {
    const problems = (await lintCourse(root)).map(formatProblem);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0] ?? '', /variants\/example: has no files besides variant\.json/);
    assert.match(problems[1] ?? '', /solution\/README\.md: is the note lessons:new left/);
  });

  it('refuses to overwrite a step, and keeps an existing chapter.json', () => {
    const chapterJson = join(root, '02-xray/chapter.json');
    writeFileSync(chapterJson, JSON.stringify({ title: 'X-Ray', summary: 'Segments and subsegments, by hand.' }));
    const again = lessonsNew('02-xray/01-first-segment', '--title', 'Other');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists; lessons:new never overwrites/);
    assert.match(readFileSync(join(root, '02-xray/01-first-segment/index.mdx'), 'utf8'), /Your first X-Ray segment/);

    const second = lessonsNew('02-xray/02-subsegments');
    assert.equal(second.status, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /chapter\.json/);
    assert.equal(JSON.parse(readFileSync(chapterJson, 'utf8')).title, 'X-Ray');
    assert.match(readFileSync(join(root, '02-xray/02-subsegments/index.mdx'), 'utf8'), /title: "Subsegments"/);
  });

  it('rejects a target that is not <NN-chapter>/<NN-step>', () => {
    for (const target of ['xray/first', '02-xray', '02-xray/01-a/b', '02-xray/01-First']) {
      const result = lessonsNew(target);
      assert.equal(result.status, 1, target);
      assert.match(result.stderr, /expected <NN-chapter>\/<NN-step-slug>/);
    }
    assert.equal(lessonsNew().status, 2);
  });

  it('derives titles from slugs', () => {
    assert.equal(titleFromSlug('03-custom-span'), 'Custom span');
  });
});
