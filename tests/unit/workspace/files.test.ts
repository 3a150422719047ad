import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffFromStart } from '../../../src/workspace/persistence.ts';
import { normaliseNewPath } from '../../../src/workspace/new-file-path.ts';
import { fileMapToTree } from '../../../src/runtime/file-map-tree.ts';

test('only files that differ from the starting files are persisted', () => {
  const start = { 'a.js': '1', 'b.js': '2' };
  assert.deepEqual(diffFromStart({ 'a.js': '1', 'b.js': 'changed', 'c.js': 'new' }, start), { 'b.js': 'changed', 'c.js': 'new' });
  assert.deepEqual(diffFromStart(start, start), {});
});

test('new-file paths are made relative and safe', () => {
  assert.equal(normaliseNewPath(' backend/tracing.js '), 'backend/tracing.js');
  assert.equal(normaliseNewPath('/backend//./x.js'), 'backend/x.js');
  assert.equal(normaliseNewPath('backend\\win.js'), 'backend/win.js');
  for (const bad of ['', '..', 'backend/../../etc/passwd', '.workshop/kit/x.mjs', 'node_modules/x.js', 'a b.js', 'x;rm.js']) {
    assert.equal(normaliseNewPath(bad), null, bad);
  }
});

test('a file map becomes a WebContainer-shaped tree', () => {
  assert.deepEqual(fileMapToTree({ 'backend/app.js': 'A', 'backend/services/x.js': 'X', 'package.json': '{}' }), {
    backend: { directory: { 'app.js': { file: { contents: 'A' } }, services: { directory: { 'x.js': { file: { contents: 'X' } } } } } },
    'package.json': { file: { contents: '{}' } },
  });
});
