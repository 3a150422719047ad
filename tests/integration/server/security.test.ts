import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createWorkshopServer } from '../../../src/server/workshop-server.ts';
import { createLocalProvider } from '../../../src/runtime/local/local-provider.ts';
import type { Sandbox } from '../../../src/runtime/sandbox.ts';
import { openRawSocket, rawGet, within } from '../../doubles/raw-http.ts';
import { OUTSIDE_SECRET, startServerFixture } from '../../doubles/workshop-server-fixture.ts';
import type { ServerFixture } from '../../doubles/workshop-server-fixture.ts';

let fixture: ServerFixture;
let port: number;

before(async () => {
  fixture = await startServerFixture({ helloTimeoutMs: 300 });
  port = fixture.server.port;
});
after(() => fixture.dispose());

describe('binding', { timeout: 30_000 }, () => {
  test('refuses a non-loopback host', async () => {
    await assert.rejects(createWorkshopServer({ siteDir: fixture.siteDir, host: '0.0.0.0', port: 0, handleSignals: false }), /loopback/);
  });

  test('binds 127.0.0.1 by default and reports its URL and a 64-hex-digit token', () => {
    assert.equal(fixture.server.url, `http://127.0.0.1:${port}/`);
    assert.match(fixture.server.token, /^[0-9a-f]{64}$/);
  });
});

describe('Host header (DNS rebinding)', { timeout: 30_000 }, () => {
  const foreignHosts: Array<[string, (p: number) => string]> = [
    ['evil.example', () => 'evil.example'],
    ['evil.example:<port>', (p) => `evil.example:${p}`],
    ['127.0.0.1 on another port', () => '127.0.0.1:1'],
    ['a LAN address', (p) => `192.168.1.10:${p}`],
  ];
  for (const [label, hostOf] of foreignHosts) {
    test(`refuses Host ${label}`, async () => {
      const response = await rawGet(port, '/', { host: hostOf(port) });
      assert.equal(response.status, 403);
    });
  }

  for (const hostOf of [(p: number) => `localhost:${p}`, (p: number) => `127.0.0.1:${p}`, (p: number) => `[::1]:${p}`]) {
    test(`accepts Host ${hostOf(0).replace(':0', ':<port>')}`, async () => {
      const response = await rawGet(port, '/', { host: hostOf(port) });
      assert.equal(response.status, 200);
    });
  }

  test('refuses the session endpoint with a foreign Host', async () => {
    const response = await rawGet(port, '/__workshop/session', { host: 'attacker.example' });
    assert.equal(response.status, 403);
    assert.doesNotMatch(response.body, new RegExp(fixture.server.token));
  });
});

describe('GET /__workshop/session', { timeout: 30_000 }, () => {
  test('gives the token to same-origin callers', async () => {
    const response = await rawGet(port, '/__workshop/session', { 'sec-fetch-site': 'same-origin', origin: `http://127.0.0.1:${port}` });
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), { token: fixture.server.token, provider: 'local' });
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  test('gives the token when the user opened it directly (Sec-Fetch-Site: none)', async () => {
    assert.equal((await rawGet(port, '/__workshop/session', { 'sec-fetch-site': 'none' })).status, 200);
  });

  for (const [label, headers] of [
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another localhost port)', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['an Origin on another port', { origin: 'http://127.0.0.1:1' }],
  ] as const) {
    test(`refuses ${label}`, async () => {
      const response = await rawGet(port, '/__workshop/session', headers);
      assert.equal(response.status, 403);
      assert.doesNotMatch(response.body, new RegExp(fixture.server.token));
    });
  }

  test('answers only GET', async () => {
    assert.equal((await rawGet(port, '/__workshop/session', {}, 'POST')).status, 405);
  });
});

describe('sandbox WebSocket', { timeout: 30_000 }, () => {
  test('refuses a foreign Origin', async () => {
    const socket = openRawSocket(port, { origin: 'http://evil.example' });
    assert.deepEqual(await within(socket.outcome), { kind: 'refused', status: 403 });
  });

  test('refuses a missing Origin', async () => {
    const socket = openRawSocket(port, { origin: null });
    assert.deepEqual(await within(socket.outcome), { kind: 'refused', status: 403 });
  });

  test('refuses a foreign Host even with a matching-looking Origin', async () => {
    const socket = openRawSocket(port, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` });
    assert.deepEqual(await within(socket.outcome), { kind: 'refused', status: 403 });
  });

  test('closes with 1008 when the first message carries a wrong token', async () => {
    const socket = openRawSocket(port);
    assert.equal(await socket.opened, true);
    socket.ws.send(JSON.stringify({ type: 'hello', token: 'not-the-token' }));
    const outcome = await within(socket.outcome);
    assert.equal(outcome.kind, 'closed');
    assert.equal(outcome.kind === 'closed' && outcome.code, 1008);
  });

  test('closes with 1008 when the first message is not a hello', async () => {
    const socket = openRawSocket(port);
    await socket.opened;
    socket.ws.send(JSON.stringify({ id: 1, op: 'fs.readdir', path: '/' }));
    const outcome = await within(socket.outcome);
    assert.equal(outcome.kind === 'closed' && outcome.code, 1008);
    assert.equal(socket.messages.length, 0);
  });

  test('closes with 1008 when no token arrives in time', async () => {
    const socket = openRawSocket(port);
    await socket.opened;
    const outcome = await within(socket.outcome);
    assert.equal(outcome.kind === 'closed' && outcome.code, 1008);
  });

  test('the token is accepted in the hello and never needed in the URL', async () => {
    const socket = openRawSocket(port);
    await socket.opened;
    socket.ws.send(JSON.stringify({ type: 'hello', token: fixture.server.token }));
    const ready = await socket.nextMessage((message) => message.type === 'ready');
    assert.equal(typeof ready.services.backendPort, 'number');
    socket.ws.close();
    await within(socket.outcome);
  });
});

describe('path jail', { timeout: 30_000 }, () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    await sandbox.fs.writeFile('inside/ok.txt', 'fine');
  });
  after(() => sandbox.teardown());

  const forbidden = ['../x', '/../x', 'a/../../x', 'inside/../../outside/secret.txt', '..'];
  for (const sandboxPath of forbidden) {
    test(`refuses to read ${sandboxPath}`, async () => {
      await assert.rejects(sandbox.fs.readFile(sandboxPath, 'utf-8'), { code: 'forbidden-path' });
    });
    test(`refuses to write ${sandboxPath}`, async () => {
      await assert.rejects(sandbox.fs.writeFile(sandboxPath, 'x'), { code: 'forbidden-path' });
    });
  }

  test('an absolute path means the sandbox root, not the host root', async () => {
    await assert.rejects(sandbox.fs.readFile('/etc/passwd', 'utf-8'), { code: 'not-found' });
    assert.equal(await sandbox.fs.readFile('/inside/ok.txt', 'utf-8'), 'fine');
  });

  test('a symlink inside the session pointing outside cannot be followed', async () => {
    const sessionDir = await onlySessionDir();
    await symlink(fixture.outsideDir, path.join(sessionDir, 'escape'));
    await symlink(path.join(fixture.outsideDir, 'secret.txt'), path.join(sessionDir, 'escape-file'));
    await assert.rejects(sandbox.fs.readFile('escape/secret.txt', 'utf-8'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.readFile('escape-file', 'utf-8'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.writeFile('escape/new.txt', 'x'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.readdir('escape'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.rm('escape/secret.txt'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.rename('inside/ok.txt', 'escape/stolen.txt'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.mount({ x: { file: { contents: 'x' } } }, { mountPoint: 'escape' }), { code: 'forbidden-path' });
  });

  test('a dangling symlink pointing outside cannot be written through', async () => {
    const sessionDir = await onlySessionDir();
    await symlink(path.join(fixture.outsideDir, 'created-by-attacker.txt'), path.join(sessionDir, 'dangling'));
    await assert.rejects(sandbox.fs.writeFile('dangling', 'x'), { code: 'forbidden-path' });
  });

  test('node_modules (a link to the prebuilt dependencies) is not reachable through the API', async () => {
    await assert.rejects(sandbox.fs.readFile('node_modules/left-pad/secret.txt', 'utf-8'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.writeFile('node_modules/left-pad/index.js', 'pwned'), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.rm('node_modules', { recursive: true }), { code: 'forbidden-path' });
    await assert.rejects(sandbox.mount({ node_modules: { directory: { 'evil.js': { file: { contents: 'x' } } } } }), { code: 'forbidden-path' });
  });

  test('the session root itself cannot be removed or replaced', async () => {
    await assert.rejects(sandbox.fs.rm('/', { recursive: true, force: true }), { code: 'forbidden-path' });
    await assert.rejects(sandbox.fs.rename('/', 'elsewhere'), { code: 'forbidden-path' });
  });

  test('error messages do not reveal host paths', async () => {
    const error = await sandbox.fs.readFile('missing.txt', 'utf-8').catch((caught: Error) => caught);
    assert.ok(error instanceof Error);
    assert.doesNotMatch(error.message, new RegExp(fixture.root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  test('the secret outside was never touched', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    assert.equal(await readFile(path.join(fixture.outsideDir, 'secret.txt'), 'utf8'), OUTSIDE_SECRET);
    assert.deepEqual(await readdir(fixture.outsideDir), ['secret.txt']);
    assert.equal(await readFile(path.join(fixture.nodeModulesDir, 'left-pad/index.js'), 'utf8'), 'module.exports = (s) => s;\n');
  });
});

async function onlySessionDir(): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(fixture.sessionsRoot);
  assert.equal(names.length, 1, `expected exactly one session, found ${names.join(', ')}`);
  return path.join(fixture.sessionsRoot, names[0] as string);
}
