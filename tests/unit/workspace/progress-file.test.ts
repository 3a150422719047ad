import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgressFile, parseProgressFile, PROGRESS_FORMAT } from '../../../src/workspace/progress-file.ts';

const STEPS = ['01-honeycomb/01-home-activities-span', '02-xray/01-segments'];
const sample = () =>
  buildProgressFile(
    {
      completed: { [STEPS[0]!]: { completedAt: '2026-11-20T10:00:00.000Z' } },
      timeSpentMs: { [STEPS[0]!]: 754_000, [STEPS[1]!]: 1000 },
      files: { [STEPS[1]!]: { 'backend/app.js': "require('./tracing');\n", 'backend/tracing.js': '' } },
    },
    new Date('2026-11-24T08:00:00.000Z'),
  );

test('an exported file reads back to the same data', () => {
  const file = sample();
  assert.equal(file.format, PROGRESS_FORMAT);
  assert.equal(file.exportedAt, '2026-11-24T08:00:00.000Z');
  const parsed = parseProgressFile(JSON.stringify(file), STEPS);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.data, { completed: file.completed, timeSpentMs: file.timeSpentMs, files: file.files });
  assert.deepEqual(parsed.warnings, []);
});

test('not JSON, another format, another version: one clear sentence each', () => {
  const notJson = parseProgressFile('{ "format": ', STEPS);
  assert.ok(!notJson.ok);
  assert.match(notJson.errors[0]!, /not valid JSON/);
  const other = parseProgressFile(JSON.stringify({ hello: 'world' }), STEPS);
  assert.ok(!other.ok);
  assert.match(other.errors[0]!, /not a progress file exported by the Cruddur workshop/);
  const newer = parseProgressFile(JSON.stringify({ ...sample(), version: 2 }), STEPS);
  assert.ok(!newer.ok);
  assert.match(newer.errors[0]!, /version "2"; this workshop reads version 1/);
  const array = parseProgressFile('[]', STEPS);
  assert.ok(!array.ok);
});

test('every bad field is named with where it is, and nothing is half-imported', () => {
  const bad = {
    ...sample(),
    completed: { [STEPS[0]!]: { completedAt: 'yesterday' }, 'not a step': { completedAt: '2026-01-01' } },
    timeSpentMs: { [STEPS[0]!]: -5, [STEPS[1]!]: '12' },
    files: { [STEPS[0]!]: { '../etc/passwd': 'x', '/abs.js': 'x', 'backend/ok.js': 42, '.workshop/kit.mjs': 'x' }, [STEPS[1]!]: 'text' },
  };
  const parsed = parseProgressFile(JSON.stringify(bad), STEPS);
  assert.ok(!parsed.ok);
  const text = parsed.errors.join('\n');
  assert.match(text, /completed\["01-honeycomb\/01-home-activities-span"\]\.completedAt must be a date/);
  assert.match(text, /"not a step" is not a step id/);
  assert.match(text, /timeSpentMs\["01-honeycomb\/01-home-activities-span"\] must be a number of milliseconds, not "-5"/);
  assert.match(text, /timeSpentMs\["02-xray\/01-segments"\] must be a number/);
  assert.match(text, /"\.\.\/etc\/passwd" is not a usable file path/);
  assert.match(text, /"\/abs\.js" is not a usable file path/);
  assert.match(text, /"\.workshop\/kit\.mjs" is not a usable file path/);
  assert.match(text, /\["backend\/ok\.js"\] must be text/);
  assert.match(text, /files\["02-xray\/01-segments"\] must be an object/);
});

test('data for steps this course does not have is skipped with a warning, not an error', () => {
  const file = { ...sample(), completed: { ...sample().completed, '09-gone/01-old': { completedAt: '2026-01-01T00:00:00Z' } } };
  const parsed = parseProgressFile(JSON.stringify(file), STEPS);
  assert.ok(parsed.ok);
  assert.equal(parsed.data.completed['09-gone/01-old'], undefined);
  assert.match(parsed.warnings[0]!, /1 step\(s\) this course does not have: 09-gone\/01-old/);
});

test('the error list stays readable when everything is wrong', () => {
  const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`../f${i}`, 'x']));
  const parsed = parseProgressFile(JSON.stringify({ ...sample(), files: { [STEPS[0]!]: files } }), STEPS);
  assert.ok(!parsed.ok);
  assert.equal(parsed.errors.length, 13);
  assert.match(parsed.errors.at(-1)!, /…and 18 more problems/);
});

test('a missing section is simply empty', () => {
  const parsed = parseProgressFile(JSON.stringify({ format: PROGRESS_FORMAT, version: 1 }), STEPS);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.data, { completed: {}, timeSpentMs: {}, files: {} });
});
