import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import { snapshot as webcontainerSnapshot } from '@webcontainer/snapshot';
import { buildSandboxSnapshot, encodeSnapshot, indexDirectory, type SnapshotNode, type SnapshotReport } from '../../../src/scripts/build-sandbox-snapshot.ts';
import { keepDirectory, keepFile } from '../../../src/scripts/sandbox-prune.ts';
import { filesForStep } from '../../../src/lessons/step-files.ts';
import { repoRoot } from '../../support/workshop-server.ts';


function unpack(node: SnapshotNode, into: string): number {
  if ('f' in node) {
    mkdirSync(dirname(into), { recursive: true });
    writeFileSync(into, node.f.c);
    return 1;
  }
  mkdirSync(into, { recursive: true });
  return Object.entries(node.d).reduce((count, [name, child]) => count + unpack(child, join(into, name)), 0);
}

const STEP = '01-honeycomb/01-home-activities-span';
let work: string;
let report: SnapshotReport;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'snapshot-test-'));
  report = await buildSandboxSnapshot(join(work, 'node_modules.snapshot'));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the prebuilt sandbox stays under the 8 MB gzip target', () => {
  assert.ok(report.gzipBytes < 8 * 1024 * 1024, `snapshot is ${(report.gzipBytes / 1048576).toFixed(1)} MB gzip`);
  assert.ok(report.bytes < report.sourceBytes, 'pruning removed something');
});

test('it holds what Node loads and none of what it does not', () => {
  const index = decode(readFileSync(report.file)) as SnapshotNode;
  const dir = join(work, 'unpacked');
  const count = unpack(index, dir);
  assert.equal(count, report.keptFiles);
  for (const required of ['express/package.json', '@opentelemetry/sdk-node/package.json', 'aws-xray-sdk-core/package.json', 'rollbar/package.json', 'winston-cloudwatch/package.json']) {
    assert.doesNotThrow(() => readFileSync(join(dir, 'node_modules', required)), required);
  }
  const listing = spawnSync('find', [join(dir, 'node_modules'), '-name', '*.d.ts', '-o', '-name', '*.map', '-o', '-name', 'README.md'], { encoding: 'utf8' });
  assert.equal(listing.stdout.trim(), '', 'no declaration files, source maps or READMEs');
});

test('the lesson solution passes its checks on the unpacked snapshot (pruning removed nothing Node needs)', () => {
  const sandbox = join(work, 'sandbox');
  cpSync(join(work, 'unpacked', 'node_modules'), join(sandbox, 'node_modules'), { recursive: true });
  const { solution } = filesForStep(STEP, [STEP]);
  for (const [path, contents] of Object.entries(solution)) {
    mkdirSync(dirname(join(sandbox, path)), { recursive: true });
    writeFileSync(join(sandbox, path), contents);
  }
  cpSync(join(repoRoot, 'public', 'sandbox', 'kit'), join(sandbox, '.workshop', 'kit'), { recursive: true });
  cpSync(join(repoRoot, 'public', 'sandbox', 'checks'), join(sandbox, '.workshop', 'checks'), { recursive: true });
  const run = spawnSync(process.execPath, ['.workshop/kit/run-checks.mjs', `.workshop/checks/${STEP}.mjs`], {
    cwd: sandbox,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: sandbox, OTEL_SERVICE_NAME: 'backend-flask', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
  });
  const lines = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; id?: string; status?: string });
  const results = lines.filter((line) => line.type === 'check');
  assert.ok(results.length >= 4, run.stdout + run.stderr);
  assert.deepEqual(results.filter((r) => r.status !== 'passed'), [], run.stdout);
});

test('our encoding decodes to the same tree as @webcontainer/snapshot (the format WebContainer mounts)', async () => {
  const fixture = join(work, 'fixture');
  mkdirSync(join(fixture, 'node_modules', '@scope', 'pkg', 'lib'), { recursive: true });
  writeFileSync(join(fixture, 'node_modules', '@scope', 'pkg', 'lib', 'index.js'), 'module.exports = 1;');
  writeFileSync(join(fixture, 'node_modules', '@scope', 'pkg', 'package.json'), '{"name":"@scope/pkg"}');
  writeFileSync(join(fixture, 'binary.bin'), Buffer.from([0, 255, 1, 254]));
  // Decoded byte fields are views of the input; compare both as plain Uint8Array views.
  const theirs = decode(new Uint8Array(await webcontainerSnapshot(fixture)));
  const ours = decode(new Uint8Array(encodeSnapshot(indexDirectory(fixture))));
  assert.deepEqual(ours, theirs);
});

test('prune rules keep licences and code, drop docs, maps, declarations and @types', () => {
  assert.equal(keepFile('LICENSE'), true);
  assert.equal(keepFile('index.js'), true);
  assert.equal(keepFile('index.d.ts'), false);
  assert.equal(keepFile('index.js.map'), false);
  assert.equal(keepFile('README.md'), false);
  assert.equal(keepDirectory('@types', 0), false);
  assert.equal(keepDirectory('lib', 1), true);
  assert.equal(keepDirectory('test', 1), false);
  assert.equal(keepDirectory('doc', 2), true, 'deeper directories can be code (yaml/dist/doc)');
});
