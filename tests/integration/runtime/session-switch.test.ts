/**
 * A workspace session moved from one step to the next (issue #7: the sandbox is kept across step changes), on a
 * real sandbox of the local provider with real processes. The app restarts on the next step's files, files the
 * next step does not have are gone, the local cloud keeps running, and the checks run the next step's module.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLocalProvider } from '../../../src/runtime/local/local-provider.ts';
import type { FileSystemTree, Sandbox } from '../../../src/runtime/sandbox.ts';
import { startSession, type ServiceName, type WorkspaceSession } from '../../../src/workspace/sandbox-session.ts';
import { checksModulePath } from '../../../src/workspace/paths.ts';
import { startServerFixture, type ServerFixture } from '../../doubles/workshop-server-fixture.ts';
import { createWebContainerDouble, type DoubleWebContainer } from '../../doubles/webcontainer-double.ts';
import { createWebContainerProvider } from '../../../src/runtime/webcontainer/webcontainer-provider.ts';
import type { WebContainerInstance } from '../../../src/runtime/webcontainer/webcontainer-api.ts';
import { snapshot as webcontainerSnapshot } from '@webcontainer/snapshot';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The smallest stand-ins for the three services: each answers with who it is and since when. */
const server = (name: string, portVariable: string) => `
const started = Date.now();
require('node:http').createServer((req, res) => res.end(JSON.stringify({ name: ${JSON.stringify(name)}, started, pid: process.pid })))
  .listen(Number(process.env.${portVariable}), '127.0.0.1');
`;
/** A WebContainer mounts the build's dependency snapshot first; these stand-ins need none. */
function emptyDependencies(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switch-dependencies-'));
  mkdirSync(join(dir, 'node_modules'));
  return dir;
}

const KIT = {
  // In a WebContainer the backend starts with --require of this shim (no UDP there); nothing to replace here.
  '.workshop/kit/xray-dgram-shim.cjs': '',
  '.workshop/kit/cloud.mjs': `import { createRequire } from 'node:module';\n${server('cloud', 'WORKSHOP_OTLP_PORT').replace("require('node:http')", "createRequire(import.meta.url)('node:http')")}`,
  '.workshop/kit/run-checks.mjs': 'console.log(JSON.stringify({ module: process.argv[2] }));\n',
};
const stepFiles = (step: string, extra: Record<string, string> = {}) => ({
  'backend/app.js': server(`backend of ${step}`, 'PORT'),
  'frontend/server.js': server(`frontend of ${step}`, 'PORT'),
  ...extra,
});

function treePaths(tree: FileSystemTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([name, node]) => ('directory' in node ? treePaths(node.directory, `${prefix}${name}/`) : [`${prefix}${name}`]));
}

async function answer(port: number): Promise<{ name: string; started: number; pid: number } | null> {
  try {
    return (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { name: string; started: number; pid: number };
  } catch {
    return null;
  }
}

async function waitForAnswer(port: number, name: string): Promise<{ name: string; started: number; pid: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const got = await answer(port);
    if (got?.name === name) return got;
    if (Date.now() > deadline) throw new Error(`port ${port} never answered as ${name} (last: ${JSON.stringify(got)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let fixture: ServerFixture;
before(async () => {
  fixture = await startServerFixture();
});
after(() => fixture?.dispose());

/** The double's processes run on the host, so services point at the session's real ports. */
const realPorts = (instance: WebContainerInstance) => (instance as DoubleWebContainer).services;

describeSessionSwitch('local provider', () => createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 20_000 }));
// The WebContainer side of a switch (kill, fs.rm, mount merging into the tree, port close/open events, the X-Ray
// shim the backend loads there) through the double: the documented API over real processes and files.
describeSessionSwitch('WebContainer provider over the double', () =>
  createWebContainerProvider(createWebContainerDouble(createLocalProvider({ baseUrl: fixture.server.url })), { services: realPorts }).boot({ timeoutMs: 20_000 }),
);

function describeSessionSwitch(provider: string, bootSandbox: () => Promise<Sandbox>): void {
  describe(`a session moved to another step (${provider})`, { timeout: 90_000 }, () => {
    let sandbox: Sandbox;
    let session: WorkspaceSession;
    const exits: Array<{ service: ServiceName; code: number }> = [];
    let output = '';

    before(async () => {
      sandbox = await bootSandbox();
      session = await startSession(
        sandbox,
        'chapter/first',
        stepFiles('first', { 'backend/only-in-first.js': '// the next step does not have me\n' }),
        { onOutput: (_service, text) => (output += text), onExit: (service, code) => exits.push({ service, code }) },
        Promise.resolve({ ...KIT, [checksModulePath('chapter/first')]: 'export default [];\n' }),
        () => webcontainerSnapshot(emptyDependencies()),
      );
    });
    after(async () => {
      await session?.stop();
    });

    test('restarts the app on the next step\'s files and keeps the cloud', async () => {
      const { backendPort, frontendPort, otlpPort } = sandbox.services;
      const backendBefore = await waitForAnswer(backendPort, 'backend of first');
      await waitForAnswer(frontendPort, 'frontend of first');
      const cloudBefore = await waitForAnswer(otlpPort, 'cloud');
      let restartingCalled = 0;

      const result = await session.switchStep(
        'chapter/second',
        stepFiles('second', { 'backend/new-in-second.js': '// added by the second step\n' }),
        Promise.resolve({ ...KIT, [checksModulePath('chapter/second')]: 'export default [];\n' }),
        {
          appAnswering: true,
          onRestarting: async () => {
            restartingCalled++;
            assert.equal(await answer(backendPort), null, 'the old backend is gone before the new one starts');
          },
        },
      );
      assert.equal(restartingCalled, 1);
      assert.deepEqual(result, { restarted: true });
      assert.equal(session.stepId, 'chapter/second');
      const backendAfter = await waitForAnswer(backendPort, 'backend of second');
      await waitForAnswer(frontendPort, 'frontend of second');
      assert.notEqual(backendAfter.pid, backendBefore.pid, 'a new backend process');
      assert.deepEqual(await answer(otlpPort), cloudBefore, 'the same cloud process, still running');

      const backendDir = (await sandbox.fs.readdir('backend')).sort();
      assert.deepEqual(backendDir, ['app.js', 'new-in-second.js'], 'a file of the first step only is removed');
      assert.match(await sandbox.fs.readFile(checksModulePath('chapter/second'), 'utf-8'), /export default/);
      assert.deepEqual(exits, [], 'processes stopped on purpose are not reported as exits');
    });

    test('runs the checks module of the step it holds now', async () => {
      let printed = '';
      const code = await session.runChecks(1, (text) => (printed += text));
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(printed.trim()), { module: checksModulePath('chapter/second') });
    });

    test('a check run aborted because the learner moved on stops the runner', async () => {
      const hanging = "console.log(JSON.stringify({ pid: process.pid })); setInterval(() => {}, 1000);\n";
      await sandbox.fs.writeFile('.workshop/kit/run-checks.mjs', hanging);
      try {
        const leaving = new AbortController();
        let printed = '';
        let runnerPid = 0;
        const run = session.runChecks(2, (text) => {
          printed += text;
          const match = /"pid":(\d+)/.exec(printed);
          if (match && !runnerPid) {
            runnerPid = Number(match[1]);
            leaving.abort();
          }
        }, leaving.signal);
        const code = await run;
        assert.notEqual(code, 0, 'the runner was stopped, it did not finish');
        assert.throws(() => process.kill(runnerPid, 0), 'the runner process is gone');
      } finally {
        await sandbox.fs.writeFile('.workshop/kit/run-checks.mjs', KIT['.workshop/kit/run-checks.mjs']);
      }
    });

    test('a step whose files are what already runs only gets its checks: the app keeps running', async () => {
      const { backendPort } = sandbox.services;
      const running = await waitForAnswer(backendPort, 'backend of second');
      const mounted: string[] = [];
      const mount = sandbox.mount.bind(sandbox);
      sandbox.mount = (tree, options) => {
        mounted.push(...treePaths(tree));
        return mount(tree, options);
      };
      const result = await session.switchStep(
        'chapter/second-reading',
        stepFiles('second', { 'backend/new-in-second.js': '// added by the second step\n' }),
        Promise.resolve({ ...KIT, [checksModulePath('chapter/second-reading')]: 'export default [];\n' }),
        { appAnswering: true, onRestarting: () => assert.fail('nothing restarts') },
      );
      sandbox.mount = mount;
      assert.deepEqual(result, { restarted: false });
      assert.deepEqual(mounted, [checksModulePath('chapter/second-reading')], 'only what the sandbox lacks is sent: the kit is there already');
      assert.equal(session.stepId, 'chapter/second-reading');
      assert.deepEqual(await answer(backendPort), running, 'the same backend process');
      assert.match(await sandbox.fs.readFile(checksModulePath('chapter/second-reading'), 'utf-8'), /export default/);
    });

    test('the same files, but an app that does not answer: it restarts', async () => {
      const { backendPort } = sandbox.services;
      const running = await waitForAnswer(backendPort, 'backend of second');
      const files = stepFiles('second', { 'backend/new-in-second.js': '// added by the second step\n' });
      const result = await session.switchStep('chapter/second', files, Promise.resolve(KIT), { appAnswering: false });
      assert.deepEqual(result, { restarted: true });
      assert.notEqual((await waitForAnswer(backendPort, 'backend of second')).pid, running.pid);
    });

    test('restartBackend starts the backend again, without reporting the stop as a crash', async () => {
      const { backendPort } = sandbox.services;
      const running = await waitForAnswer(backendPort, 'backend of second');
      await session.restartBackend();
      assert.notEqual((await waitForAnswer(backendPort, 'backend of second')).pid, running.pid);
      assert.deepEqual(exits, []);
    });

    test('a service that crashes after the switch is still reported', async () => {
      // The frontend: the backend runs under node --watch, which waits for a change instead of exiting.
      await session.switchStep('chapter/third', { ...stepFiles('third'), 'frontend/server.js': 'process.exit(3);\n' }, Promise.resolve(KIT));
      const deadline = Date.now() + 20_000;
      while (!exits.some((exit) => exit.service === 'frontend') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(exits, [{ service: 'frontend', code: 3 }]);
    });
  });
}
