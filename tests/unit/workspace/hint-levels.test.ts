import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLastHintLevel } from '../../../src/workspace/hint-levels.ts';
import type { CheckResult } from '../../../src/workspace/check-result.ts';

const failed = (extra: Partial<CheckResult> = {}): CheckResult => ({ id: 'c', title: 'C', status: 'failed', hint: 'Look at tracing.js', ...extra });

test('a hint the runner numbers is last when it is the highest level', () => {
  assert.equal(isLastHintLevel(failed({ hintLevel: 1, hintLevels: 2 }), undefined), false);
  assert.equal(isLastHintLevel(failed({ hintLevel: 2, hintLevels: 2 }), undefined), true);
});

test('without numbers, a hint repeated from the previous attempt is the last level', () => {
  assert.equal(isLastHintLevel(failed(), undefined), false, 'first sight of a hint: maybe more follow');
  assert.equal(isLastHintLevel(failed(), 'A different, earlier hint'), false);
  assert.equal(isLastHintLevel(failed(), 'Look at tracing.js'), true);
});

test('passed checks and checks without a hint never offer the solution', () => {
  assert.equal(isLastHintLevel({ id: 'c', title: 'C', status: 'passed' }, 'x'), false);
  assert.equal(isLastHintLevel(failed({ hint: undefined }), undefined), false);
});
