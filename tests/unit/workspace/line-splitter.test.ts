import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineSplitter } from '../../../src/workspace/line-splitter.ts';
import { parseRunnerLine } from '../../../src/workspace/check-result.ts';

test('lines split across chunks are reassembled, CRLF trimmed, the tail flushed', () => {
  const lines: string[] = [];
  const splitter = createLineSplitter((line) => lines.push(line));
  splitter.push('{"type":"wait');
  splitter.push('ing","id":"a"}\r\nsecond');
  assert.deepEqual(lines, ['{"type":"waiting","id":"a"}']);
  splitter.push(' line\nthird');
  splitter.flush();
  assert.deepEqual(lines, ['{"type":"waiting","id":"a"}', 'second line', 'third']);
});

test('runner lines are recognised; stray output and unknown types are ignored', () => {
  assert.deepEqual(parseRunnerLine('{"type":"check","id":"x","title":"T","status":"passed"}'), {
    type: 'check', id: 'x', title: 'T', status: 'passed',
  });
  assert.equal(parseRunnerLine('Server listening on 4567'), null);
  assert.equal(parseRunnerLine('{"type":"banana"}'), null);
  assert.equal(parseRunnerLine('{not json'), null);
  assert.equal(parseRunnerLine('[1,2]'), null);
});
