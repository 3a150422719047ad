import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilterPattern, FilterPatternError } from '../../../src/kit/logs/filter-pattern.ts';

const lines = [
  'INFO Hello Cloudwatch! from  /api/activities/home',
  'ERROR [2023-Feb-25 22:03] 172.18.0.1 GET http /api/activities/home? 200 OK',
  'WARN disk almost full',
  '{"level":"error","status":500,"user":{"handle":"andrewbrown"},"tags":["a","b"],"ok":false,"trace":null}',
  '{"level":"info","status":200,"ok":true}',
];

const matching = (pattern: string) => lines.filter(compileFilterPattern(pattern));

describe('CloudWatch filter patterns: terms', () => {
  it('matches everything for an empty pattern or ""', () => {
    assert.equal(matching('').length, lines.length);
    assert.equal(matching('  ').length, lines.length);
    assert.equal(matching('""').length, lines.length);
  });

  it('requires every term, case-sensitively', () => {
    assert.deepEqual(matching('ERROR'), [lines[1]]);
    assert.deepEqual(matching('error'), [lines[3]]);
    assert.deepEqual(matching('GET 200'), [lines[1]]);
    assert.deepEqual(matching('GET 404'), []);
  });

  it('treats a quoted phrase as one term, spaces and punctuation included', () => {
    assert.deepEqual(matching('"Hello Cloudwatch! from  /api"'), [lines[0]]);
    assert.deepEqual(matching('"from /api"'), [], 'two spaces in the original line');
    assert.deepEqual(matching('"say \\"hi\\""'), []);
  });

  it('ORs the ?terms and excludes the -terms', () => {
    assert.deepEqual(matching('?ERROR ?WARN'), [lines[1], lines[2]]);
    assert.deepEqual(matching('activities -Hello'), [lines[1]]);
    assert.deepEqual(matching('?"Hello Cloudwatch" ?disk -WARN'), [lines[0]]);
  });

  it('supports %regex% terms', () => {
    assert.deepEqual(matching('%ERR?OR \\[%'), [lines[1]]);
  });

  it('refuses what it cannot compile, with a clear message', () => {
    for (const bad of ['"unterminated', '%[%', '? ', 'a ?', '[ip, user]']) {
      assert.throws(() => compileFilterPattern(bad), FilterPatternError, bad);
    }
    assert.throws(() => compileFilterPattern('x'.repeat(1025)), /longer than 1024/);
  });
});

describe('CloudWatch filter patterns: JSON', () => {
  it('compares strings with = and != (with * wildcards), numbers with = != < > <= >=', () => {
    assert.deepEqual(matching('{ $.level = "error" }'), [lines[3]]);
    assert.deepEqual(matching('{$.level=error}'), [lines[3]], 'unquoted values and no spaces');
    assert.deepEqual(matching('{ $.level != "error" }'), [lines[4]]);
    assert.deepEqual(matching('{ $.level = "err*" }'), [lines[3]]);
    assert.deepEqual(matching('{ $.status >= 500 }'), [lines[3]]);
    assert.deepEqual(matching('{ $.status < 500 }'), [lines[4]]);
    assert.deepEqual(matching('{ $.status = 200 }'), [lines[4]]);
    assert.deepEqual(matching('{ $.status != 200 }'), [lines[3]]);
  });

  it('follows nested selectors and array indexes', () => {
    assert.deepEqual(matching('{ $.user.handle = "andrewbrown" }'), [lines[3]]);
    assert.deepEqual(matching('{ $.tags[1] = "b" }'), [lines[3]]);
    assert.deepEqual(matching('{ $.tags[5] = "b" }'), []);
  });

  it('combines with && and || and parentheses', () => {
    assert.deepEqual(matching('{ ($.level = "error") && ($.status = 500) }'), [lines[3]]);
    assert.deepEqual(matching('{ $.level = "info" || $.status = 500 }'), [lines[3], lines[4]]);
    assert.deepEqual(matching('{ ($.level = "info" || $.level = "error") && $.ok IS TRUE }'), [lines[4]]);
  });

  it('knows IS TRUE/FALSE/NULL and NOT EXISTS', () => {
    assert.deepEqual(matching('{ $.ok IS FALSE }'), [lines[3]]);
    assert.deepEqual(matching('{ $.trace IS NULL }'), [lines[3]]);
    assert.deepEqual(matching('{ $.trace NOT EXISTS }'), [lines[4]]);
  });

  it('never matches non-JSON messages and refuses malformed patterns', () => {
    assert.equal(compileFilterPattern('{ $.level = "error" }')('ERROR not json {'), false);
    for (const bad of ['{ $.level = ', '{ level = "x" }', '{ $.a = "x" ', '{ $.a > "x" }', '{ $.a IS MAYBE }', '{ $.a = "x" } extra', '{ $..a = 1 }', '{ $.a ! 1 }', `{ ${'('.repeat(40)}$.a = 1${')'.repeat(40)} }`]) {
      assert.throws(() => compileFilterPattern(bad), FilterPatternError, bad);
    }
  });
});
