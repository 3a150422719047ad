import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActiveTime, formatDuration } from '../../../src/workspace/active-time.ts';

const IDLE = 120_000;

test('time counts while the learner is active, and stops counting after the idle limit', () => {
  const timer = createActiveTime({ idleAfterMs: IDLE, start: 0, visible: true });
  timer.activity(10_000);
  assert.equal(timer.take(60_000), 60_000, 'the page opened visible: active from the start');
  // No activity since 10 s: only up to 10 s + 2 min counts.
  assert.equal(timer.take(600_000), 70_000);
  assert.equal(timer.take(700_000), 0, 'idle: nothing more');
  timer.activity(700_000);
  assert.equal(timer.take(730_000), 30_000, 'activity resumes the count');
});

test('a hidden page does not count, and coming back counts as activity', () => {
  const timer = createActiveTime({ idleAfterMs: IDLE, start: 0, visible: true });
  timer.visibility(false, 30_000);
  assert.equal(timer.take(90_000), 30_000);
  timer.activity(100_000); // events while hidden (none in practice) do not count
  assert.equal(timer.take(200_000), 0);
  timer.visibility(true, 200_000);
  assert.equal(timer.take(215_000), 15_000);
});

test('a page opened in the background starts counting only when shown', () => {
  const timer = createActiveTime({ idleAfterMs: IDLE, start: 0, visible: false });
  assert.equal(timer.take(50_000), 0);
  timer.visibility(true, 50_000);
  assert.equal(timer.take(60_000), 10_000);
});

test('take() hands out each millisecond once', () => {
  const timer = createActiveTime({ idleAfterMs: IDLE, start: 0, visible: true });
  const total = [timer.take(1_000), timer.take(1_000), timer.take(2_500), timer.take(2_400)].reduce((a, b) => a + b, 0);
  assert.equal(total, 2_500);
});

test('durations read like a person would say them', () => {
  assert.equal(formatDuration(0), '0 min');
  assert.equal(formatDuration(5_000), '< 1 min');
  assert.equal(formatDuration(12 * 60_000 + 20_000), '12 min');
  assert.equal(formatDuration(65 * 60_000), '1 h 05 min');
});
