import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampSplit, parseStoredSplit, splitAfterKey, splitFromPointer } from '../../../src/workspace/split-math.ts';

const limits = { min: 20, max: 70, step: 2 };

test('arrow keys move a vertical separator left and right, a horizontal one up and down', () => {
  assert.equal(splitAfterKey('ArrowRight', 40, limits, 'vertical'), 42);
  assert.equal(splitAfterKey('ArrowLeft', 40, limits, 'vertical'), 38);
  assert.equal(splitAfterKey('ArrowDown', 40, limits, 'vertical'), null);
  assert.equal(splitAfterKey('ArrowDown', 40, limits, 'horizontal'), 42);
  assert.equal(splitAfterKey('ArrowUp', 40, limits, 'horizontal'), 38);
  assert.equal(splitAfterKey('PageDown', 40, limits, 'vertical'), 50);
  assert.equal(splitAfterKey('Home', 40, limits, 'vertical'), 20);
  assert.equal(splitAfterKey('End', 40, limits, 'vertical'), 70);
  assert.equal(splitAfterKey('Enter', 40, limits, 'vertical'), null);
});

test('shares stay within their limits', () => {
  assert.equal(splitAfterKey('ArrowLeft', 20, limits, 'vertical'), 20);
  assert.equal(clampSplit(99, limits), 70);
  assert.equal(clampSplit(Number.NaN, limits), 20);
  assert.equal(splitFromPointer(300, 1000, limits), 30);
  assert.equal(splitFromPointer(-50, 1000, limits), 20);
  assert.equal(splitFromPointer(10, 0, limits), 20);
});

test('a stored share is used when it is a number, clamped; otherwise the default', () => {
  assert.equal(parseStoredSplit('55.5', 40, limits), 55.5);
  assert.equal(parseStoredSplit('95', 40, limits), 70);
  assert.equal(parseStoredSplit(null, 40, limits), 40);
  assert.equal(parseStoredSplit('wide', 40, limits), 40);
});
