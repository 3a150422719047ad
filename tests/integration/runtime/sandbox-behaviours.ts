/**
 * What every provider's `Sandbox` must do, run against each provider by its own test file, so the
 * local provider and the WebContainer provider (over the double) are held to the same contract.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PortEvent, Sandbox, SandboxProcess } from '../../../src/runtime/sandbox.ts';

export async function collect(process: SandboxProcess): Promise<string> {
  let text = '';
  await process.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) }));
  return text;
}

/** Reads output until `pattern` has appeared; leaves the stream readable afterwards. */
export async function readUntil(process: SandboxProcess, pattern: RegExp, timeoutMs = 5_000): Promise<string> {
  const reader = process.output.getReader();
  let text = '';
  const timer = setTimeout(() => void reader.cancel(new Error(`no ${pattern} in output: ${text}`)), timeoutMs);
  try {
    while (!pattern.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`output ended before ${pattern}: ${text}`);
      text += value;
    }
    return text;
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

function nextEvent<T>(subscribe: (listener: (event: T) => void) => () => void, predicate: (event: T) => boolean, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('event did not arrive'));
    }, timeoutMs);
    const unsubscribe = subscribe((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

export function describeSandboxBehaviours(name: string, boot: () => Promise<Sandbox>): void {
  describe(`${name}: Sandbox behaviours`, { timeout: 30_000 }, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await boot();
    });
    after(() => sandbox.teardown());

    test('mounts a tree of text and binary files, at the root and at a mount point', async () => {
      await sandbox.mount({
        'package.json': { file: { contents: '{"name":"cruddur"}' } },
        backend: { directory: { 'app.js': { file: { contents: 'console.log("hi")' } }, lib: { directory: {} } } },
        'logo.bin': { file: { contents: new Uint8Array([0, 1, 2, 250, 255]) } },
      });
      await sandbox.mount({ 'extra.txt': { file: { contents: 'mounted below' } } }, { mountPoint: 'nested/deeper' });
      assert.equal(await sandbox.fs.readFile('package.json', 'utf-8'), '{"name":"cruddur"}');
      assert.equal(await sandbox.fs.readFile('/backend/app.js', 'utf-8'), 'console.log("hi")');
      assert.deepEqual([...(await sandbox.fs.readFile('logo.bin'))], [0, 1, 2, 250, 255]);
      assert.equal(await sandbox.fs.readFile('nested/deeper/extra.txt', 'utf-8'), 'mounted below');
      assert.deepEqual(await sandbox.fs.readdir('backend/lib'), []);
    });

    test('writeFile creates parents; readdir lists names and types', async () => {
      await sandbox.fs.writeFile('src/deep/dir/file.txt', 'héllo ✓');
      assert.equal(await sandbox.fs.readFile('src/deep/dir/file.txt', 'utf-8'), 'héllo ✓');
      await sandbox.fs.writeFile('src/bytes.bin', new Uint8Array([255, 0, 128]));
      assert.deepEqual([...(await sandbox.fs.readFile('src/bytes.bin'))], [255, 0, 128]);
      assert.deepEqual((await sandbox.fs.readdir('src')).sort(), ['bytes.bin', 'deep']);
      const entries = await sandbox.fs.readdir('src', { withFileTypes: true });
      const byName = Object.fromEntries(entries.map((entry) => [entry.name, [entry.isFile(), entry.isDirectory()]]));
      assert.deepEqual(byName, { 'bytes.bin': [true, false], deep: [false, true] });
    });

    test('mkdir, rename and rm, with not-found errors', async () => {
      await sandbox.fs.mkdir('tmp/a/b', { recursive: true });
      await sandbox.fs.mkdir('tmp/single');
      await assert.rejects(sandbox.fs.mkdir('tmp/missing/child'), { code: 'not-found' });
      await sandbox.fs.writeFile('tmp/a/b/old.txt', 'moving');
      await sandbox.fs.rename('tmp/a/b/old.txt', 'tmp/single/new.txt');
      assert.equal(await sandbox.fs.readFile('tmp/single/new.txt', 'utf-8'), 'moving');
      await assert.rejects(sandbox.fs.readFile('tmp/a/b/old.txt', 'utf-8'), { code: 'not-found' });
      await sandbox.fs.rm('tmp/single/new.txt');
      await assert.rejects(sandbox.fs.rm('tmp/a'), (error: { code: string }) => error.code !== 'not-found');
      await sandbox.fs.rm('tmp', { recursive: true });
      await assert.rejects(sandbox.fs.readdir('tmp'), { code: 'not-found' });
      await sandbox.fs.rm('tmp', { force: true });
    });

    test('paths that climb out of the sandbox are refused', async () => {
      await assert.rejects(sandbox.fs.readFile('../outside.txt', 'utf-8'), { code: 'forbidden-path' });
      await assert.rejects(sandbox.fs.writeFile('a/../../x', 'x'), { code: 'forbidden-path' });
    });

    test('watch reports changes with paths relative to the watched directory, until closed', async () => {
      await sandbox.fs.mkdir('watched/sub', { recursive: true });
      const seen: Array<[string, string]> = [];
      const watcher = sandbox.fs.watch('watched', { recursive: true }, (event, filename) => seen.push([event, filename]));
      // The watch is set up asynchronously by some providers; write until it reports.
      const deadline = Date.now() + 5_000;
      let attempt = 0;
      while (!seen.some(([, filename]) => filename === 'sub/app.js')) {
        assert.ok(Date.now() < deadline, `no watch event for sub/app.js, saw ${JSON.stringify(seen)}`);
        await sandbox.fs.writeFile('watched/sub/app.js', `// edit ${attempt++}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      watcher.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen.length = 0;
      await sandbox.fs.writeFile('watched/after-close.js', 'x');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(seen, []);
    });

    test('spawn streams output while the process runs and takes input', async () => {
      const script = `
        console.log('ready');
        process.stdin.setEncoding('utf8');
        let buffered = '';
        process.stdin.on('data', (chunk) => {
          buffered += chunk;
          if (buffered.includes('\\n')) { console.log('echo:' + buffered.trim().toUpperCase()); process.exit(0); }
        });
      `;
      const child = await sandbox.spawn('node', ['-e', script]);
      // 'ready' arrives while the process is still waiting for input: output is streamed.
      assert.match(await readUntil(child, /ready/), /ready/);
      const writer = child.input.getWriter();
      await writer.write('traces\n');
      writer.releaseLock();
      assert.match(await readUntil(child, /echo:TRACES/), /echo:TRACES/);
      assert.equal(await child.exit, 0);
    });

    test('exit codes come through; stderr is interleaved into output', async () => {
      const failing = await sandbox.spawn('node', ['-e', 'console.error("boom"); process.exit(3)']);
      const [output, code] = await Promise.all([collect(failing), failing.exit]);
      assert.equal(code, 3);
      assert.match(output, /boom/);
    });

    test('cwd and env options apply', async () => {
      await sandbox.fs.mkdir('backend', { recursive: true });
      const child = await sandbox.spawn('node', ['-e', 'console.log(require("node:path").basename(process.cwd()) + " " + process.env.OTEL_SERVICE_NAME)'], {
        cwd: 'backend',
        env: { OTEL_SERVICE_NAME: 'backend-flask' },
      });
      assert.equal((await collect(child)).trim(), 'backend backend-flask');
    });

    test('a port-open event fires when a child listens on the backend port, and close when it stops', async () => {
      const port = sandbox.services.backendPort;
      const events: PortEvent[] = [];
      const stop = sandbox.onPort((event) => events.push(event));
      const opened = nextEvent(sandbox.onPort.bind(sandbox), (event: PortEvent) => event.port === port && event.type === 'open');
      const server = await sandbox.spawn('node', ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, () => console.log('listening'))`]);
      const open = await opened;
      assert.match(open.url, new RegExp(`:${port}/?$`));
      const closed = nextEvent(sandbox.onPort.bind(sandbox), (event: PortEvent) => event.port === port && event.type === 'close');
      server.kill();
      await server.exit;
      await closed;
      stop();
      assert.ok(events.length >= 2);
    });
  });
}
