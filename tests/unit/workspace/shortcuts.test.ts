import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortcutFor, shortcutHelp, type KeyLike } from '../../../src/workspace/shortcuts.ts';

const key = (init: Partial<KeyLike> & { key: string }): KeyLike => ({ code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init });

test('Ctrl or Cmd with S saves and with Enter runs the checks', () => {
  assert.equal(shortcutFor(key({ key: 's', ctrlKey: true }), true), 'save');
  assert.equal(shortcutFor(key({ key: 'S', metaKey: true }), false), 'save');
  assert.equal(shortcutFor(key({ key: 'Enter', ctrlKey: true }), true), 'run-checks');
  assert.equal(shortcutFor(key({ key: 'Enter', metaKey: true }), false), 'run-checks');
  assert.equal(shortcutFor(key({ key: 's', ctrlKey: true, shiftKey: true }), true), null, 'Ctrl+Shift+S is left alone');
  assert.equal(shortcutFor(key({ key: 'Enter' }), true), null);
});

test('Alt+PageDown/PageUp move between steps; Alt+digit goes to a panel, by key position', () => {
  assert.equal(shortcutFor(key({ key: 'PageDown', altKey: true }), true), 'next-step');
  assert.equal(shortcutFor(key({ key: 'PageUp', altKey: true }), false), 'previous-step');
  assert.equal(shortcutFor(key({ key: 'PageDown', ctrlKey: true }), false), null, 'Ctrl+PageDown belongs to the browser');
  assert.deepEqual(shortcutFor(key({ key: '¡', code: 'Digit1', altKey: true }), true), { focus: 'lesson' });
  assert.deepEqual(shortcutFor(key({ key: '3', code: 'Digit3', altKey: true }), false), { focus: 'editor' });
  assert.equal(shortcutFor(key({ key: '9', code: 'Digit9', altKey: true }), false), null);
});

test('? opens the help, except while typing', () => {
  assert.equal(shortcutFor(key({ key: '?', shiftKey: true }), false), 'help');
  assert.equal(shortcutFor(key({ key: '?', shiftKey: true }), true), null);
});

test('the help names the platform\'s keys', () => {
  const mac = shortcutHelp(true).flatMap((group) => group.items.map((item) => item.keys));
  const pc = shortcutHelp(false).flatMap((group) => group.items.map((item) => item.keys));
  assert.ok(mac.includes('⌘+S') && pc.includes('Ctrl+S'));
  assert.ok(pc.includes('Alt+Page Down'));
});
