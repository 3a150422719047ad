import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { discoverCourse, selectSteps } from '../../../src/lessons-tools/course.ts';
import { stepFiles, variantFolders, variantState } from '../../../src/lessons-tools/step-states.ts';
import { filesForStep, lessonsRoot } from '../../../src/lessons/step-files.ts';

function tempCourse(): string {
  const root = mkdtempSync(join(tmpdir(), 'course-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('02-b/01-x/index.mdx', '');
  write('01-a/02-y/index.mdx', '');
  write('01-a/02-y/solution/backend/new.js', 'y');
  write('01-a/01-z/index.mdx', '');
  write('01-a/01-z/solution/backend/new.js', 'z');
  write('01-a/01-z/solution/backend/z.js', 'z');
  write('01-a/03-draft/notes.txt', '');
  write('01-a/02-y/variants/bad/variant.json', '{}');
  write('01-a/02-y/variants/bad/backend/new.js', 'broken');
  return root;
}

describe('course and step states', () => {
  it('orders steps by folder and lists folders that are not steps', () => {
    const root = tempCourse();
    try {
      const course = discoverCourse(root);
      assert.deepEqual(course.steps.map((s) => s.id), ['01-a/01-z', '01-a/02-y', '02-b/01-x']);
      assert.deepEqual(course.strayFolders, ['01-a/03-draft']);
      assert.deepEqual(selectSteps(course.steps, '01-a').map((s) => s.id), ['01-a/01-z', '01-a/02-y']);
      assert.deepEqual(selectSteps(course.steps, '01-a/02-y/').map((s) => s.id), ['01-a/02-y']);
      assert.deepEqual(selectSteps(course.steps, '01-a/02').map((s) => s.id), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('layers a fixture course like the site: starter, earlier solutions, own solution, variant on top', () => {
    const root = tempCourse();
    try {
      const ids = discoverCourse(root).steps.map((s) => s.id);
      const { start, solution } = stepFiles(root, '01-a/02-y', ids);
      assert.equal(start['backend/new.js'], 'z');
      assert.equal(solution['backend/new.js'], 'y');
      assert.equal(solution['backend/z.js'], 'z');
      assert.ok(start['backend/app.js']?.includes('express'));
      const [variant] = variantFolders(join(root, '01-a/02-y'));
      assert.equal(variant?.name, 'bad');
      assert.deepEqual(variant?.files, { 'backend/new.js': 'broken' });
      assert.equal(variantState(solution, variant!)['backend/new.js'], 'broken');
      assert.throws(() => stepFiles(root, 'nope', ids), /Unknown step/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('gives exactly what the site serves for the real course', () => {
    const ids = discoverCourse(lessonsRoot).steps.map((s) => s.id);
    for (const id of ids) assert.deepEqual(stepFiles(lessonsRoot, id, ids), filesForStep(id, ids));
  });

  it('composes the same layering as the site for any other root (checked on the real course through a link)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'course-link-'));
    try {
      const link = join(dir, 'lessons');
      symlinkSync(lessonsRoot, link, 'dir');
      const ids = discoverCourse(link).steps.map((s) => s.id);
      assert.ok(ids.length > 0);
      for (const id of ids) assert.deepEqual(stepFiles(link, id, ids), filesForStep(id, ids));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
