import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentPageEnvironment, webContainerUnavailableReason } from '../../../src/runtime/webcontainer/availability.ts';
import { createWebContainerProvider } from '../../../src/runtime/webcontainer/webcontainer-provider.ts';
import { toSandboxError } from '../../../src/runtime/webcontainer/errors.ts';
import { normalizeSandboxPath } from '../../../src/runtime/sandbox-path.ts';

describe('webContainerUnavailableReason', { timeout: 30_000 }, () => {
  const table = [
    [{ isBrowser: false, crossOriginIsolated: false, hasSharedArrayBuffer: true }, /only inside a browser/],
    [{ isBrowser: true, crossOriginIsolated: false, hasSharedArrayBuffer: false }, /not cross-origin isolated/],
    [{ isBrowser: true, crossOriginIsolated: true, hasSharedArrayBuffer: false }, /SharedArrayBuffer/],
    [{ isBrowser: true, crossOriginIsolated: true, hasSharedArrayBuffer: true }, null],
  ] as const;
  for (const [environment, expected] of table) {
    test(JSON.stringify(environment), () => {
      const reason = webContainerUnavailableReason(environment);
      if (expected === null) assert.equal(reason, null);
      else assert.match(reason ?? '', expected);
    });
  }

  test('Node is not a browser', () => {
    assert.equal(currentPageEnvironment().isBrowser, false);
    assert.match(createWebContainerProvider().unavailableReason() ?? '', /browser/);
  });

  test('the provider uses an injected environment', () => {
    const provider = createWebContainerProvider(undefined, { environment: () => ({ isBrowser: true, crossOriginIsolated: true, hasSharedArrayBuffer: true }) });
    assert.equal(provider.unavailableReason(), null);
  });
});

describe('toSandboxError (WebContainer errors carry the errno only in the message)', { timeout: 30_000 }, () => {
  for (const [message, code] of [
    ["ENOENT: no such file or directory, open '/x'", 'not-found'],
    ["EEXIST: file already exists, mkdir '/a'", 'already-exists'],
    ["ENOTEMPTY: directory not empty, rmdir '/a'", 'directory-not-empty'],
    ['something else entirely', 'internal'],
  ] as const) {
    test(`${message} → ${code}`, () => assert.equal(toSandboxError(new Error(message)).code, code));
  }
  test('a declared code wins', () => assert.equal(toSandboxError(Object.assign(new Error('x'), { code: 'EISDIR' })).code, 'is-a-directory'));
});

describe('normalizeSandboxPath', { timeout: 30_000 }, () => {
  for (const [input, output] of [
    ['a/b', '/a/b'],
    ['/a//b/', '/a/b'],
    ['./a/./b', '/a/b'],
    ['a/../b', '/b'],
    ['', '/'],
    ['/', '/'],
  ] as const) {
    test(`${JSON.stringify(input)} → ${output}`, () => assert.equal(normalizeSandboxPath(input), output));
  }
  for (const input of ['..', '../x', 'a/../../x', '/../etc/passwd']) {
    test(`${input} is refused`, () => assert.throws(() => normalizeSandboxPath(input), { code: 'forbidden-path' }));
  }
});
