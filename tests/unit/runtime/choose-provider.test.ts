import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootSandbox, chooseProvider, parseRequestedProvider } from '../../../src/runtime/choose-provider.ts';
import type { ProviderPlanInput } from '../../../src/runtime/choose-provider.ts';
import { SandboxError } from '../../../src/runtime/sandbox.ts';
import type { ProviderKind, Sandbox, SandboxProvider } from '../../../src/runtime/sandbox.ts';

const NO_COI = 'This page is not cross-origin isolated.';

describe('chooseProvider', { timeout: 30_000 }, () => {
  const cases: Array<{ name: string; input: ProviderPlanInput; attempts: ProviderKind[]; notice?: RegExp; blocked?: RegExp }> = [
    { name: 'served by the workshop server: local first, WebContainer as fallback', input: { servedByWorkshopServer: true, webContainerUnavailableReason: null }, attempts: ['local', 'webcontainer'] },
    { name: 'served, WebContainer unavailable: local only', input: { servedByWorkshopServer: true, webContainerUnavailableReason: NO_COI }, attempts: ['local'] },
    { name: 'hosted: WebContainer only', input: { servedByWorkshopServer: false, webContainerUnavailableReason: null }, attempts: ['webcontainer'] },
    { name: 'hosted in an unsupported browser: blocked, says why and what to do', input: { servedByWorkshopServer: false, webContainerUnavailableReason: NO_COI }, attempts: [], blocked: /not cross-origin isolated.*Chrome.*npm install && npm start/ },
    { name: 'webcontainer requested on the workshop server: WebContainer then local', input: { requested: 'webcontainer', servedByWorkshopServer: true, webContainerUnavailableReason: null }, attempts: ['webcontainer', 'local'] },
    { name: 'webcontainer requested when hosted', input: { requested: 'webcontainer', servedByWorkshopServer: false, webContainerUnavailableReason: null }, attempts: ['webcontainer'] },
    { name: 'webcontainer requested but unavailable, server present: local with a notice', input: { requested: 'webcontainer', servedByWorkshopServer: true, webContainerUnavailableReason: NO_COI }, attempts: ['local'], notice: /WebContainer.*not available here \(This page is not cross-origin isolated\); using the local sandbox instead/ },
    { name: 'webcontainer requested, unavailable, no server: blocked', input: { requested: 'webcontainer', servedByWorkshopServer: false, webContainerUnavailableReason: NO_COI }, attempts: [], blocked: /npm start/ },
    { name: 'local requested on the workshop server', input: { requested: 'local', servedByWorkshopServer: true, webContainerUnavailableReason: null }, attempts: ['local', 'webcontainer'] },
    { name: 'local requested when hosted: WebContainer with a notice', input: { requested: 'local', servedByWorkshopServer: false, webContainerUnavailableReason: null }, attempts: ['webcontainer'], notice: /local sandbox is not available here \(it needs the workshop server.*using WebContainer/ },
    { name: 'local requested, hosted, no WebContainer: blocked', input: { requested: 'local', servedByWorkshopServer: false, webContainerUnavailableReason: NO_COI }, attempts: [], blocked: /cannot run on this page/ },
    { name: 'an unknown request is ignored', input: { requested: 'docker' as ProviderKind, servedByWorkshopServer: true, webContainerUnavailableReason: null }, attempts: ['local', 'webcontainer'] },
  ];
  for (const { name, input, attempts, notice, blocked } of cases) {
    test(name, () => {
      const plan = chooseProvider(input);
      assert.deepEqual(plan.attempts, attempts);
      if (notice) assert.match(plan.notices.join('\n'), notice);
      else assert.deepEqual(plan.notices, []);
      if (blocked) assert.match(plan.blocked ?? '', blocked);
      else assert.equal(plan.blocked, null);
    });
  }
});

describe('parseRequestedProvider', { timeout: 30_000 }, () => {
  for (const [search, expected] of [
    ['?sandbox=local', 'local'],
    ['?sandbox=webcontainer&x=1', 'webcontainer'],
    ['?sandbox=other', null],
    ['', null],
  ] as const) {
    test(`${search || '(none)'} → ${expected}`, () => assert.equal(parseRequestedProvider(search), expected));
  }
});

function fakeProvider(kind: ProviderKind, behaviour: 'ok' | SandboxError | 'unavailable', log: string[] = []): SandboxProvider {
  return {
    kind,
    unavailableReason: () => (behaviour === 'unavailable' ? `${kind} cannot run here.` : null),
    async boot({ timeoutMs }) {
      log.push(`${kind}:${timeoutMs}`);
      if (behaviour instanceof SandboxError) throw behaviour;
      return { kind } as Sandbox;
    },
  };
}

describe('bootSandbox', { timeout: 30_000 }, () => {
  const timeoutError = new SandboxError('boot-timeout', 'WebContainer did not start within 30 s.');

  test('boots the first provider and reports no notices', async () => {
    const log: string[] = [];
    const plan = chooseProvider({ servedByWorkshopServer: true, webContainerUnavailableReason: null });
    const result = await bootSandbox(plan, { local: fakeProvider('local', 'ok', log), webcontainer: fakeProvider('webcontainer', 'ok', log) }, { timeoutMs: 100 });
    assert.equal(result.sandbox.kind, 'local');
    assert.deepEqual(result.notices, []);
    assert.deepEqual(log, ['local:100']);
  });

  test('WebContainer failing to boot falls back to local with a notice', async () => {
    const seen: string[] = [];
    const plan = chooseProvider({ requested: 'webcontainer', servedByWorkshopServer: true, webContainerUnavailableReason: null });
    const result = await bootSandbox(plan, { local: fakeProvider('local', 'ok'), webcontainer: fakeProvider('webcontainer', timeoutError) }, {
      timeoutMs: { webcontainer: 30_000, local: 5_000 },
      onNotice: (notice) => seen.push(notice),
    });
    assert.equal(result.sandbox.kind, 'local');
    assert.equal(result.notices.length, 1);
    assert.match(result.notices[0] ?? '', /WebContainer .* could not start \(WebContainer did not start within 30 s\); using the local sandbox instead\./);
    assert.deepEqual(seen, result.notices);
  });

  test('a provider whose unavailableReason is set is skipped without booting', async () => {
    const log: string[] = [];
    const plan = { attempts: ['webcontainer', 'local'] as ProviderKind[], notices: [], blocked: null };
    const result = await bootSandbox(plan, { webcontainer: fakeProvider('webcontainer', 'unavailable', log), local: fakeProvider('local', 'ok', log) }, { timeoutMs: 10 });
    assert.equal(result.sandbox.kind, 'local');
    assert.deepEqual(log, ['local:10']);
    assert.match(result.notices[0] ?? '', /webcontainer cannot run here/);
  });

  test('a blocked plan throws its message', async () => {
    const plan = chooseProvider({ servedByWorkshopServer: false, webContainerUnavailableReason: NO_COI });
    await assert.rejects(bootSandbox(plan, {}, { timeoutMs: 10 }), { code: 'provider-unavailable', message: /npm install && npm start/ });
  });

  test('when every attempt fails the error lists each reason and what to do', async () => {
    const plan = chooseProvider({ requested: 'webcontainer', servedByWorkshopServer: true, webContainerUnavailableReason: null });
    const lost = new SandboxError('connection-lost', 'lost the connection to the workshop server');
    await assert.rejects(bootSandbox(plan, { webcontainer: fakeProvider('webcontainer', timeoutError), local: fakeProvider('local', lost) }, { timeoutMs: 10 }), (error: SandboxError) => {
      assert.equal(error.code, 'provider-unavailable');
      assert.match(error.message, /WebContainer.*did not start within 30 s; the local sandbox: lost the connection/);
      assert.match(error.message, /npm start/);
      return true;
    });
  });

  test('a single failing attempt keeps its error code', async () => {
    const plan = chooseProvider({ servedByWorkshopServer: false, webContainerUnavailableReason: null });
    await assert.rejects(bootSandbox(plan, { webcontainer: fakeProvider('webcontainer', timeoutError) }, { timeoutMs: 10 }), { code: 'boot-timeout', message: /Reload to try again/ });
  });

  test('an aborted boot stops instead of falling back', async () => {
    const controller = new AbortController();
    const aborting: SandboxProvider = {
      kind: 'webcontainer',
      unavailableReason: () => null,
      async boot() {
        controller.abort();
        throw new SandboxError('boot-timeout', 'cancelled');
      },
    };
    const log: string[] = [];
    const plan = chooseProvider({ requested: 'webcontainer', servedByWorkshopServer: true, webContainerUnavailableReason: null });
    await assert.rejects(bootSandbox(plan, { webcontainer: aborting, local: fakeProvider('local', 'ok', log) }, { timeoutMs: 10, signal: controller.signal }), { message: 'cancelled' });
    assert.deepEqual(log, []);
  });
});
