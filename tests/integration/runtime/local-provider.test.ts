import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createLocalProvider, probeWorkshopServer } from '../../../src/runtime/local/local-provider.ts';
import { SandboxError } from '../../../src/runtime/sandbox.ts';
import { startServerFixture } from '../../doubles/workshop-server-fixture.ts';
import type { ServerFixture } from '../../doubles/workshop-server-fixture.ts';
import { describeSandboxBehaviours, readUntil } from './sandbox-behaviours.ts';

let fixture: ServerFixture;
before(async () => {
  fixture = await startServerFixture();
});
after(() => fixture.dispose());

describeSandboxBehaviours('local provider', () => createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 }));

describe('local provider specifics', { timeout: 30_000 }, () => {
  test('reports local kind and the session ports it was given', async () => {
    const sandbox = await createLocalProvider({ baseUrl: fixture.server.url }).boot({ timeoutMs: 5_000 });
    assert.equal(sandbox.kind, 'local');
    assert.notEqual(sandbox.services.backendPort, 4567);
    assert.ok(sandbox.services.env.PATH);
    await sandbox.teardown();
  });

  test('two sessions are isolated from each other', async () => {
    const provider = createLocalProvider({ baseUrl: fixture.server.url });
    const [a, b] = await Promise.all([provider.boot({ timeoutMs: 5_000 }), provider.boot({ timeoutMs: 5_000 })]);
    await a.fs.writeFile('only-in-a.txt', 'a');
    await assert.rejects(b.fs.readFile('only-in-a.txt', 'utf-8'), { code: 'not-found' });
    assert.notEqual(a.services.backendPort, b.services.backendPort);
    await Promise.all([a.teardown(), b.teardown()]);
  });

  test('losing the connection rejects pending calls, fails running processes and fires onError', async () => {
    const local = await startServerFixture();
    const sandbox = await createLocalProvider({ baseUrl: local.server.url }).boot({ timeoutMs: 5_000 });
    const child = await sandbox.spawn('node', ['-e', 'console.log("up"); setInterval(() => {}, 1000)']);
    await readUntil(child, /up/);
    const errors: SandboxError[] = [];
    sandbox.onError((error) => errors.push(error));
    const stillRunning = child.exit;
    await local.server.close();
    await assert.rejects(stillRunning, { code: 'connection-lost' });
    await assert.rejects(sandbox.fs.readFile('x', 'utf-8'), { code: 'connection-lost' });
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.code, 'connection-lost');
    await sandbox.teardown();
    await local.dispose();
  });

  test('boot fails clearly when no workshop server answers', async () => {
    const provider = createLocalProvider({ baseUrl: 'http://127.0.0.1:9/' });
    await assert.rejects(provider.boot({ timeoutMs: 2_000 }), (error: SandboxError) => {
      assert.equal(error.code, 'provider-unavailable');
      assert.match(error.message, /npm start/);
      return true;
    });
    assert.equal(await probeWorkshopServer({ baseUrl: 'http://127.0.0.1:9/', timeoutMs: 500 }), false);
    assert.equal(await probeWorkshopServer({ baseUrl: fixture.server.url }), true);
  });

  test('boot fails when the page is not on an http(s) origin', async () => {
    const provider = createLocalProvider();
    assert.match(provider.unavailableReason() ?? '', /workshop server/);
    await assert.rejects(provider.boot({ timeoutMs: 1_000 }), { code: 'provider-unavailable' });
  });

  test('a base URL with a path is reduced to its origin', async () => {
    const sandbox = await createLocalProvider({ baseUrl: new URL('/lesson/?sandbox=local', fixture.server.url).href }).boot({ timeoutMs: 5_000 });
    await sandbox.teardown();
  });

  test('a plain static host (answers everything with HTML) is not mistaken for a workshop server', async () => {
    const server = http.createServer((_request, response) => response.end('<!doctype html><p>static host'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await assert.rejects(createLocalProvider({ baseUrl }).boot({ timeoutMs: 2_000 }), { code: 'provider-unavailable' });
      assert.equal(await probeWorkshopServer({ baseUrl }), false);
    } finally {
      server.close();
    }
  });
});
