import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSaveQueue, type SaveState } from '../../../src/workspace/save-queue.ts';

test('edits are coalesced per file, written and persisted, and flush waits for them', async () => {
  const writes: Array<[string, string]> = [];
  const states: SaveState[] = [];
  let persists = 0;
  const queue = createSaveQueue({
    persist: async () => void persists++,
    write: async (path, contents) => void writes.push([path, contents]),
    onState: (state) => states.push(state),
    delayMs: 50,
  });
  queue.changed('a.js', '1');
  queue.changed('a.js', '12');
  queue.changed('b.js', 'x');
  await queue.flush();
  assert.deepEqual(writes.sort(), [['a.js', '12'], ['b.js', 'x']]);
  assert.equal(persists, 1);
  assert.equal(states.at(-1), 'saved');
});

test('a failing write is reported, not swallowed', async () => {
  const states: SaveState[] = [];
  const queue = createSaveQueue({
    persist: async () => {},
    write: async () => {
      throw new Error('socket closed');
    },
    onState: (state) => states.push(state),
    delayMs: 1,
  });
  queue.changed('a.js', '1');
  await queue.flush();
  assert.equal(states.at(-1), 'error');
});
