import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLocalProvider } from '../../../src/runtime/local/local-provider.ts';
import type { Sandbox, SandboxProcess } from '../../../src/runtime/sandbox.ts';
import { openRawSocket } from '../../doubles/raw-http.ts';
import { isRunning, startServerFixture, waitFor } from '../../doubles/workshop-server-fixture.ts';
import type { ServerFixture } from '../../doubles/workshop-server-fixture.ts';

/** Prints "<own pid> <grandchild pid>" and keeps both alive. */
const PARENT_WITH_GRANDCHILD = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log(process.pid + ' ' + child.pid);
setInterval(() => {}, 1000);
`;

async function collect(process: SandboxProcess): Promise<string> {
  let text = '';
  await process.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) }));
  return text;
}

async function firstLine(process: SandboxProcess): Promise<string> {
  const reader = process.output.getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  reader.releaseLock();
  return text.trim();
}

function pidsFrom(line: string): [number, number] {
  const [parent, grandchild] = line.split(' ').map(Number);
  assert.ok(Number.isInteger(parent) && Number.isInteger(grandchild), `expected two pids, got '${line}'`);
  return [parent as number, grandchild as number];
}

describe('learner environment', { timeout: 30_000 }, () => {
  let fixture: ServerFixture;
  let sandbox: Sandbox;
  before(async () => {
    process.env.SUPER_SECRET = 'hunter2-do-not-leak';
    fixture = await startServerFixture();
    sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
  });
  after(async () => {
    delete process.env.SUPER_SECRET;
    await sandbox.teardown();
    await fixture.dispose();
  });

  test('is scrubbed: no host variables, HOME is the session dir, caller env passes through', async () => {
    assert.equal(process.env.SUPER_SECRET, 'hunter2-do-not-leak');
    const child = await sandbox.spawn('node', ['-e', 'console.log(JSON.stringify(process.env))'], { env: { MY_VAR: 'from-caller' } });
    const [output, code] = await Promise.all([collect(child), child.exit]);
    assert.equal(code, 0);
    const env = JSON.parse(output) as Record<string, string>;
    assert.equal(env.SUPER_SECRET, undefined);
    assert.ok(!output.includes('hunter2-do-not-leak'));
    const sessionDir = path.join(await realpath(fixture.sessionsRoot), (await readdir(fixture.sessionsRoot))[0] as string);
    assert.equal(env.HOME, sessionDir);
    assert.equal(env.MY_VAR, 'from-caller');
    assert.equal(env.TERM, 'xterm-256color');
    assert.equal(env.NODE_ENV, 'development');
    assert.equal(env.FORCE_COLOR, '1');
    assert.equal(env.PATH, `${path.dirname(process.execPath)}:${sessionDir}/node_modules/.bin:/usr/bin:/bin`);
    // Only the documented variables, plus what Node itself may add.
    const allowed = new Set(['PATH', 'HOME', 'LANG', 'TERM', 'NODE_ENV', 'FORCE_COLOR', 'MY_VAR']);
    assert.deepEqual(Object.keys(env).filter((key) => !allowed.has(key)), []);
  });

  test('services.env is the base environment the client sees', () => {
    assert.deepEqual(Object.keys(sandbox.services.env).sort(), ['FORCE_COLOR', 'HOME', 'LANG', 'NODE_ENV', 'PATH', 'TERM']);
    assert.ok(!JSON.stringify(sandbox.services).includes('hunter2'));
  });

  test('five distinct ports are allocated per session', () => {
    const { backendPort, frontendPort, otlpPort, xrayDaemonPort, awsApiPort } = sandbox.services;
    const ports = [backendPort, frontendPort, otlpPort, xrayDaemonPort, awsApiPort];
    assert.equal(new Set(ports).size, 5);
    assert.ok(!ports.includes(fixture.server.port));
  });
});

describe('process lifetime', { timeout: 30_000 }, () => {
  let fixture: ServerFixture;
  before(async () => {
    fixture = await startServerFixture({ maxProcessesPerSession: 3 });
  });
  after(() => fixture.dispose());

  test('socket close kills the child and its grandchild, then removes the session dir', async () => {
    const socket = openRawSocket(fixture.server.port);
    await socket.opened;
    socket.ws.send(JSON.stringify({ type: 'hello', token: fixture.server.token }));
    await socket.nextMessage((message) => message.type === 'ready');
    const [sessionName] = await readdir(fixture.sessionsRoot);
    socket.ws.send(JSON.stringify({ id: 1, op: 'process.spawn', pid: 1, command: 'node', args: ['-e', PARENT_WITH_GRANDCHILD] }));
    assert.deepEqual(await socket.nextMessage((message) => message.id === 1), { id: 1, ok: true, result: null });
    const output = await socket.nextMessage((message) => message.type === 'process-output');
    const [parent, grandchild] = pidsFrom(output.data);
    assert.ok(isRunning(parent) && isRunning(grandchild));

    socket.ws.terminate();
    await waitFor(() => !isRunning(parent) && !isRunning(grandchild), 5_000, 'both processes to die');
    await waitFor(() => !existsSync(path.join(fixture.sessionsRoot, sessionName as string)), 5_000, 'session dir removal');
  });

  test('teardown kills the tree and removes the session dir before resolving', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    const child = await sandbox.spawn('node', ['-e', PARENT_WITH_GRANDCHILD]);
    const [parent, grandchild] = pidsFrom(await firstLine(child));
    await sandbox.teardown();
    assert.equal(isRunning(parent), false);
    await waitFor(() => !isRunning(grandchild), 2_000, 'grandchild to die');
    assert.deepEqual(await readdir(fixture.sessionsRoot), []);
    // The server reports the kill before it answers the teardown.
    assert.equal(await child.exit, 128 + 15);
  });

  test('when a process exits, what it left running in its group is killed', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(child.pid);
      child.unref();
    `;
    const child = await sandbox.spawn('node', ['-e', script]);
    const output = collect(child);
    assert.equal(await child.exit, 0);
    const grandchild = Number((await output).trim());
    await waitFor(() => !isRunning(grandchild), 3_000, 'orphaned grandchild to die');
    await sandbox.teardown();
  });

  test('exit codes: normal, non-zero, and a signal as 128 + n', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    assert.equal(await (await sandbox.spawn('node', ['-e', 'process.exit(0)'])).exit, 0);
    assert.equal(await (await sandbox.spawn('node', ['-e', 'process.exit(7)'])).exit, 7);
    const sleeper = await sandbox.spawn('node', ['-e', 'console.log("up"); setInterval(() => {}, 1000)']);
    await firstLine(sleeper);
    sleeper.kill();
    assert.equal(await sleeper.exit, 128 + 15);
    await sandbox.teardown();
  });

  test('an unknown command fails with spawn-failed, a missing cwd with not-found', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    await assert.rejects(sandbox.spawn('definitely-not-a-command-xyz'), { code: 'spawn-failed' });
    await assert.rejects(sandbox.spawn('node', ['-v'], { cwd: 'nope' }), { code: 'not-found' });
    await assert.rejects(sandbox.spawn('node', ['-v'], { cwd: '../' }), { code: 'forbidden-path' });
    await sandbox.teardown();
  });

  test('commands run without a shell: metacharacters are plain arguments', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    const child = await sandbox.spawn('node', ['-e', 'console.log(process.argv[1])', '$(echo pwned); rm -rf /']);
    assert.equal((await collect(child)).trim(), '$(echo pwned); rm -rf /');
    await sandbox.teardown();
  });

  test('the number of live processes per session is bounded', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    for (let index = 0; index < 3; index += 1) await sandbox.spawn('node', ['-e', 'setInterval(() => {}, 1000)']);
    await assert.rejects(sandbox.spawn('node', ['-e', '']), { code: 'too-many-processes' });
    await sandbox.teardown();
  });

  test('large output arrives complete, in messages of bounded size', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    const child = await sandbox.spawn('node', ['-e', 'process.stdout.write("é".repeat(300000))']);
    const chunks: string[] = [];
    await child.output.pipeTo(new WritableStream({ write: (chunk) => void chunks.push(chunk) }));
    assert.equal(chunks.join(''), 'é'.repeat(300000));
    assert.ok(chunks.every((chunk) => chunk.length <= 64 * 1024));
    await sandbox.teardown();
  });
});

describe('server shutdown', { timeout: 30_000 }, () => {
  test('close() kills every session tree and removes the session dirs', async () => {
    const fixture = await startServerFixture();
    try {
      const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
      const child = await sandbox.spawn('node', ['-e', PARENT_WITH_GRANDCHILD]);
      const [parent, grandchild] = pidsFrom(await firstLine(child));
      const lost = new Promise((resolve) => sandbox.onError(resolve));
      await fixture.server.close();
      await waitFor(() => !isRunning(parent) && !isRunning(grandchild), 3_000, 'both processes to die');
      assert.deepEqual(await readdir(fixture.sessionsRoot), []);
      assert.equal(((await lost) as { code: string }).code, 'connection-lost');
    } finally {
      await fixture.dispose();
    }
  });

  test('SIGINT to the server process kills learner trees and removes session dirs', async () => {
    const fixture = await startServerFixture();
    await fixture.server.close();
    const script = fileURLToPath(new URL('./fixtures/serve-and-spawn.ts', import.meta.url));
    const server = spawn(process.execPath, [script, fixture.siteDir, fixture.sessionsRoot], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let text = '';
      server.stdout.setEncoding('utf8');
      server.stdout.on('data', (chunk: string) => (text += chunk));
      await waitFor(() => text.includes('\n'), 10_000, 'the server script to report pids');
      const [parent, grandchild] = pidsFrom(text.trim());
      assert.equal((await readdir(fixture.sessionsRoot)).length, 1);
      const exited = new Promise<number | null>((resolve) => server.once('exit', (_code, signal) => resolve(signal === 'SIGINT' ? 130 : _code)));
      server.kill('SIGINT');
      assert.equal(await exited, 130);
      await waitFor(() => !isRunning(parent) && !isRunning(grandchild), 3_000, 'both processes to die');
      assert.deepEqual(await readdir(fixture.sessionsRoot), []);
    } finally {
      server.kill('SIGKILL');
      await fixture.dispose();
    }
  });

  test('session dirs left by a dead server are removed on start', async () => {
    const fixture = await startServerFixture();
    const stale = path.join(fixture.sessionsRoot, '999999-0123456789abcdef');
    const foreign = path.join(fixture.sessionsRoot, 'not-a-session');
    await mkdir(stale, { recursive: true });
    await mkdir(foreign, { recursive: true });
    await fixture.server.close();
    const again = await startServerFixture({ sessionsRoot: fixture.sessionsRoot });
    try {
      assert.equal(existsSync(stale), false);
      assert.equal(existsSync(foreign), true);
    } finally {
      await again.dispose();
      await fixture.dispose();
    }
  });
});
