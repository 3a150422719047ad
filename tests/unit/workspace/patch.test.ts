import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildPatch, changedPaths } from '../../../src/workspace/patch.ts';
import { solutionDelta, starterFiles } from '../../../src/lessons/step-files.ts';

const STEP = '01-honeycomb/01-home-activities-span';

/** The starter app's files in a fresh directory (what a learner's own checkout holds). */
function starterCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'starter-checkout-'));
  for (const [path, contents] of Object.entries(starterFiles())) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

function gitApply(dir: string, patch: string, check: boolean) {
  writeFileSync(join(dir, '..', `${dir.split('/').pop()}.patch`), patch);
  return spawnSync('git', ['apply', ...(check ? ['--check'] : []), '--verbose', join(dir, '..', `${dir.split('/').pop()}.patch`)], { cwd: dir, encoding: 'utf8' });
}

test('a patch of the step solution against the starter app is accepted by git apply --check and applies exactly', () => {
  const starter = starterFiles();
  const current = { ...starter, ...solutionDelta(STEP) };
  const patch = buildPatch(starter, current);
  assert.match(patch, /^diff --git a\/backend\/app\.js b\/backend\/app\.js$/m);
  assert.match(patch, /^--- a\/backend\/app\.js\n\+\+\+ b\/backend\/app\.js$/m);
  assert.match(patch, /^new file mode 100644\n--- \/dev\/null\n\+\+\+ b\/backend\/tracing\.js$/m, 'a new file comes from /dev/null');
  assert.doesNotMatch(patch, /\n\n/, 'no blank lines between file patches (git would read them as context)');

  const dir = starterCheckout();
  try {
    const check = gitApply(dir, patch, true);
    assert.equal(check.status, 0, check.stderr);
    const apply = gitApply(dir, patch, false);
    assert.equal(apply.status, 0, apply.stderr);
    for (const [path, contents] of Object.entries(solutionDelta(STEP))) assert.equal(readFileSync(join(dir, path), 'utf8'), contents, path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('created, emptied, deleted and newline-less files all survive git apply', () => {
  const starter = starterFiles();
  const current: Record<string, string> = { ...starter, 'backend/empty.js': '', 'backend/notes.txt': 'no newline at the end' };
  delete current['backend/services/messages.js'];
  current['backend/lib/datetime.js'] = starter['backend/lib/datetime.js']!.trimEnd();
  const patch = buildPatch(starter, current);
  assert.match(patch, /^deleted file mode 100644$/m);
  assert.match(patch, /^\\ No newline at end of file$/m);

  const dir = starterCheckout();
  try {
    const apply = gitApply(dir, patch, false);
    assert.equal(apply.status, 0, apply.stderr);
    assert.equal(existsSync(join(dir, 'backend/services/messages.js')), false);
    assert.equal(readFileSync(join(dir, 'backend/empty.js'), 'utf8'), '');
    assert.equal(readFileSync(join(dir, 'backend/notes.txt'), 'utf8'), 'no newline at the end');
    assert.equal(readFileSync(join(dir, 'backend/lib/datetime.js'), 'utf8'), current['backend/lib/datetime.js']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('equal files give an empty patch, and the workshop\'s hidden files never appear', () => {
  const files = { 'backend/app.js': 'x\n' };
  assert.equal(buildPatch(files, { ...files }), '');
  assert.equal(buildPatch(files, { ...files, '.workshop/kit/cloud.mjs': 'kit' }), '');
  assert.deepEqual(changedPaths({ a: '1', b: '2', '.workshop/x': '1' }, { a: '1', b: '3', c: '4' }), ['b', 'c']);
});
