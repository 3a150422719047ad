import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCommandHistory } from '../../../src/workspace/command-history.ts';

test('ArrowUp walks back, ArrowDown forward and then back to the draft', () => {
  const history = createCommandHistory();
  assert.equal(history.previous('x'), null, 'nothing to recall yet');
  history.add('aws xray get-groups');
  history.add('ls');
  assert.equal(history.previous('half typed'), 'ls');
  assert.equal(history.previous('ls'), 'aws xray get-groups');
  assert.equal(history.previous('aws xray get-groups'), null, 'stops at the oldest');
  assert.equal(history.next(), 'ls');
  assert.equal(history.next(), 'half typed', 'the draft comes back after the newest');
  assert.equal(history.next(), null, 'not recalling any more');
});

test('blank lines and immediate repeats are not recorded; adding ends recall; the size is bounded', () => {
  const history = createCommandHistory(3);
  for (const line of ['ls', 'ls', '  ', 'pwd', 'ls']) history.add(line);
  assert.equal(history.size, 3);
  assert.equal(history.previous(''), 'ls');
  history.add('echo hi');
  assert.equal(history.size, 3, 'the oldest is dropped beyond the limit');
  assert.equal(history.previous(''), 'echo hi', 'recall restarts from the newest after a run');
  assert.equal(history.previous(''), 'ls');
  assert.equal(history.previous(''), 'pwd');
  assert.equal(history.previous(''), null);
});
