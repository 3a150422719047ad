import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barFor, buildTree, formatDuration, ticksFor, visibleRows } from '../../../src/telemetry/traces/waterfall-layout.ts';
import { span } from './trace-fixtures.ts';

const T = 'c'.repeat(32);

test('rows nest by parent, siblings in start order, and collapsing hides a subtree', () => {
  const spans = [
    span(T, 'late', 'root', 300, 10),
    span(T, 'root', undefined, 0, 1000),
    span(T, 'grand', 'early', 120, 20),
    span(T, 'early', 'root', 100, 100),
  ];
  const tree = buildTree(spans);
  assert.equal(tree.startUs - tree.roots[0]!.startUs, 0);
  assert.equal(tree.endUs - tree.startUs, 1000);
  const rows = visibleRows(tree, new Set());
  assert.deepEqual(rows.map((r) => [r.node.span.spanId, r.depth]), [['root', 0], ['early', 1], ['grand', 2], ['late', 1]]);
  assert.equal(tree.byId.get('root')?.descendants, 3);
  const folded = visibleRows(tree, new Set(['early']));
  assert.deepEqual(folded.map((r) => r.node.span.spanId), ['root', 'early', 'late']);
  assert.equal(folded[1]?.collapsed, true);
  assert.equal(visibleRows(tree, new Set(['grand']))[2]?.collapsed, false, 'a leaf cannot be collapsed');
});

test('a span whose parent never arrived is kept at the top level and marked; a parent cycle does not lose spans', () => {
  const tree = buildTree([span(T, 'root', undefined, 0, 10), span(T, 'lost', 'gone', 5, 1), span(T, 'x', 'y', 1, 1), span(T, 'y', 'x', 2, 1)]);
  const rows = visibleRows(tree, new Set());
  assert.equal(rows.length, 4, 'every span is shown');
  assert.equal(tree.byId.get('lost')?.orphan, true);
  assert.equal(tree.byId.get('root')?.orphan, false);
  assert.ok([...tree.byId.values()].filter((n) => n.orphan).length >= 2, 'the cycle was broken at one member');
});

test('a 10,000-deep chain builds without overflowing the stack', () => {
  const spans = Array.from({ length: 10_000 }, (_, i) => span(T, `s${i}`, i === 0 ? undefined : `s${i - 1}`, i, 10_000 - i));
  const rows = visibleRows(buildTree(spans), new Set());
  assert.equal(rows.length, 10_000);
  assert.equal(rows[9_999]?.depth, 9_999);
});

test('bars sit on the shared axis and never vanish', () => {
  assert.deepEqual(barFor(1000, 1500, 1000, 1000), { left: 0, width: 50 });
  assert.deepEqual(barFor(1500, 2000, 1000, 1000), { left: 50, width: 50 });
  const instant = barFor(2000, 2000, 1000, 1000);
  assert.ok(instant.width > 0 && instant.left + instant.width <= 100, 'an instant span at the end stays on the axis');
  assert.deepEqual(barFor(5, 5, 5, 0), { left: 0, width: 100 });
});

test('ticks use round steps and cover the axis', () => {
  const ticks = ticksFor(1000, 5);
  assert.deepEqual(ticks.map((t) => t.offsetUs), [0, 200, 400, 600, 800, 1000]);
  assert.equal(ticks.at(-1)?.percent, 100);
  assert.deepEqual(ticksFor(37_000, 4).map((t) => t.label), ['0 µs', '10 ms', '20 ms', '30 ms']);
  assert.equal(ticksFor(0).length, 1);
});

test('durations read in µs, ms or s', () => {
  assert.equal(formatDuration(850), '850 µs');
  assert.equal(formatDuration(12_345), '12.3 ms');
  assert.equal(formatDuration(1_250_000), '1.25 s');
  assert.equal(formatDuration(-1), '–');
});
