import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshot as webcontainerSnapshot } from '@webcontainer/snapshot';
import { after, before, describe, test } from 'node:test';
import { createLocalProvider } from '../../../src/runtime/local/local-provider.ts';
import { SandboxError } from '../../../src/runtime/sandbox.ts';
import { createWebContainerProvider, WEBCONTAINER_SERVICES } from '../../../src/runtime/webcontainer/webcontainer-provider.ts';
import type { WebContainerClass, WebContainerInstance } from '../../../src/runtime/webcontainer/webcontainer-api.ts';
import { createWebContainerDouble } from '../../doubles/webcontainer-double.ts';
import type { DoubleWebContainer, DoubleWebContainerClass } from '../../doubles/webcontainer-double.ts';
import { startServerFixture } from '../../doubles/workshop-server-fixture.ts';
import type { ServerFixture } from '../../doubles/workshop-server-fixture.ts';
import { describeSandboxBehaviours } from './sandbox-behaviours.ts';

let fixture: ServerFixture;
let DoubleWebContainer: DoubleWebContainerClass;
before(async () => {
  fixture = await startServerFixture();
  DoubleWebContainer = createWebContainerDouble(createLocalProvider({ baseUrl: fixture.server.url }));
});
after(() => fixture.dispose());

/** The double's processes run on the host, so services point at the session's real ports. */
const realPorts = (instance: WebContainerInstance) => (instance as DoubleWebContainer).services;

describeSandboxBehaviours('WebContainer provider over the double', () =>
  createWebContainerProvider(DoubleWebContainer, { services: realPorts }).boot({ timeoutMs: 10_000 }),
);

describe('WebContainer provider specifics', { timeout: 30_000 }, () => {
  test('mounts the prebuilt dependencies snapshot through mount(binary), as the hosted site does', async () => {
    const Double = createWebContainerDouble(createLocalProvider({ baseUrl: fixture.server.url }));
    let instance: DoubleWebContainer | undefined;
    const capture = (booted: WebContainerInstance) => {
      instance = booted as DoubleWebContainer;
      return realPorts(booted);
    };
    const sandbox = await createWebContainerProvider(Double, { services: capture }).boot({ timeoutMs: 10_000 });
    assert.equal(typeof sandbox.mountDependencies, 'function', 'a WebContainer has no host node_modules: it must take the snapshot');
    const fixtureDir = mkdtempSync(join(tmpdir(), 'snapshot-fixture-'));
    mkdirSync(join(fixtureDir, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(join(fixtureDir, 'node_modules', 'left-pad', 'index.js'), 'module.exports = (s) => s;');
    await sandbox.mountDependencies!(await webcontainerSnapshot(fixtureDir));
    assert.deepEqual(instance?.mountedSnapshots.at(-1), { topLevel: ['node_modules'], files: 1 });
    await assert.rejects(sandbox.mountDependencies!(new Uint8Array([1, 2, 3])), 'garbage is refused like a real mount refuses it');
    await sandbox.teardown();
    rmSync(fixtureDir, { recursive: true, force: true });
  });

  test('the local provider needs no snapshot: it links the host\'s installed dependencies', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 10_000 });
    assert.equal(sandbox.mountDependencies, undefined);
    await sandbox.teardown();
  });

  test('boots the class once per page and reuses the instance for later boots', async () => {
    const Double = createWebContainerDouble(createLocalProvider({ baseUrl: fixture.server.url }));
    const provider = createWebContainerProvider(Double, { services: realPorts });
    const [first, second] = await Promise.all([provider.boot({ timeoutMs: 10_000 }), provider.boot({ timeoutMs: 10_000 })]);
    await first.fs.writeFile('shared.txt', 'one instance');
    assert.equal(await second.fs.readFile('shared.txt', 'utf-8'), 'one instance');
    await first.teardown();
    const third = await createWebContainerProvider(Double, { services: realPorts }).boot({ timeoutMs: 10_000 });
    assert.equal(await third.fs.readFile('shared.txt', 'utf-8'), 'one instance');
    assert.equal(Double.bootCount, 1);
    await second.teardown();
    await third.teardown();
  });

  test('kind, default services and an env left to the caller', async () => {
    const Double = createWebContainerDouble(createLocalProvider({ baseUrl: fixture.server.url }));
    const sandbox = await createWebContainerProvider(Double).boot({ timeoutMs: 10_000 });
    assert.equal(sandbox.kind, 'webcontainer');
    assert.deepEqual(
      { ...sandbox.services },
      { backendPort: 4567, frontendPort: 3000, otlpPort: 4318, xrayDaemonPort: 2000, awsApiPort: 4566, env: {} },
    );
    assert.equal(sandbox.services, WEBCONTAINER_SERVICES);
    await sandbox.teardown();
  });

  test('a boot that never resolves fails quickly with boot-timeout', async () => {
    const Hanging: WebContainerClass = { boot: () => new Promise<never>(() => {}) };
    const started = Date.now();
    await assert.rejects(createWebContainerProvider(Hanging).boot({ timeoutMs: 150 }), (error: SandboxError) => {
      assert.ok(error instanceof SandboxError);
      assert.equal(error.code, 'boot-timeout');
      assert.match(error.message, /did not start within/);
      assert.match(error.message, /npm start/);
      return true;
    });
    assert.ok(Date.now() - started < 1_000);
  });

  test('a slow boot that lands after the deadline is picked up by the next boot()', async () => {
    let calls = 0;
    let land!: (instance: WebContainerInstance) => void;
    const Double = createWebContainerDouble(createLocalProvider({ baseUrl: fixture.server.url }));
    const Slow: WebContainerClass = {
      boot: () => {
        calls += 1;
        return new Promise<WebContainerInstance>((resolve) => (land = resolve));
      },
    };
    const provider = createWebContainerProvider(Slow, { services: realPorts });
    await assert.rejects(provider.boot({ timeoutMs: 50 }), { code: 'boot-timeout' });
    const instance = await Double.boot();
    land(instance);
    const sandbox = await provider.boot({ timeoutMs: 1_000 });
    assert.equal(calls, 1);
    await sandbox.fs.writeFile('late.txt', 'ok');
    await sandbox.teardown();
    instance.teardown();
    await instance.tornDown;
  });

  test('a failing boot is reported as provider-unavailable and retried on the next boot()', async () => {
    let calls = 0;
    const Failing: WebContainerClass = {
      boot: async () => {
        calls += 1;
        throw new Error('Unable to create more instances');
      },
    };
    const provider = createWebContainerProvider(Failing);
    await assert.rejects(provider.boot({ timeoutMs: 1_000 }), { code: 'provider-unavailable', message: /Unable to create more instances/ });
    await assert.rejects(provider.boot({ timeoutMs: 1_000 }), { code: 'provider-unavailable' });
    assert.equal(calls, 2);
  });

  test('a loader that cannot fetch the library is provider-unavailable', async () => {
    const provider = createWebContainerProvider(async () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    await assert.rejects(provider.boot({ timeoutMs: 1_000 }), { code: 'provider-unavailable' });
  });

  test('the default loader imports the real @webcontainer/api, whose boot needs a browser', async () => {
    await assert.rejects(createWebContainerProvider().boot({ timeoutMs: 2_000 }), (error: SandboxError) => {
      assert.ok(['provider-unavailable', 'boot-timeout'].includes(error.code), error.code);
      return true;
    });
  });

  test('an internal error is forwarded to onError, and the broken instance is replaced on the next boot', async () => {
    const doomed = await startServerFixture();
    const Double = createWebContainerDouble(createLocalProvider({ baseUrl: doomed.server.url }));
    const booted: DoubleWebContainer[] = [];
    const Spy: WebContainerClass = {
      boot: async () => {
        const instance = await Double.boot();
        booted.push(instance);
        return instance;
      },
    };
    const provider = createWebContainerProvider(Spy, { services: realPorts });
    const sandbox = await provider.boot({ timeoutMs: 10_000 });
    const errors: SandboxError[] = [];
    sandbox.onError((error) => errors.push(error));
    // The double's runtime "crashes" when its workshop server goes away.
    await doomed.server.close();
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof SandboxError);
    assert.equal(errors[0]?.code, 'internal');
    await sandbox.teardown();
    // Torn down rather than reused: the next boot asks the class again (and fails, the server is gone).
    await assert.rejects(provider.boot({ timeoutMs: 2_000 }), { code: 'provider-unavailable' });
    assert.equal(Double.bootCount, 2);
    await doomed.dispose();
  });
});
