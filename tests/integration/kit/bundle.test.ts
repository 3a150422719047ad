/**
 * The bundles the sandbox really runs: built by buildSandbox(), laid out as the sandbox's hidden `.workshop/`
 * folder next to a `backend/`, and run from outside the repository (no node_modules to lean on).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSandbox, type BuiltFile } from '../../../src/scripts/build-sandbox.ts';
import { median, rootOf, runRunner } from '../../fixtures/kit/run-runner.ts';
import { getJson, sendSpans, startCloudProcess } from '../../fixtures/kit/cloud-process.ts';

let sandbox: string;
let built: BuiltFile[];
const kit = (file: string) => join(sandbox, '.workshop', 'kit', file);
const lessonBundle = () => join('.workshop', 'checks', '01-honeycomb', '01-home-activities-span.mjs');

before(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'workshop-sandbox-'));
  built = await buildSandbox({ outDir: join(sandbox, '.workshop') });
});
after(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

/** A sandbox root whose backend/ is one of the fixture apps. */
function withBackend(variant: string): string {
  rmSync(join(sandbox, 'backend'), { force: true });
  symlinkSync(join(rootOf(variant), 'backend'), join(sandbox, 'backend'));
  return sandbox;
}

describe('sandbox bundles (buildSandbox)', () => {
  it('writes the kit and one module per lesson step', () => {
    const paths = built.map((f) => f.path);
    for (const expected of ['kit/cloud.mjs', 'kit/run-checks.mjs', 'kit/app-preload.cjs', 'checks/01-honeycomb/01-home-activities-span.mjs']) assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
    for (const file of built) assert.ok(file.bytes > 0);
  });

  it('runs the bundled cloud (protobufjs inside) outside the repository', async () => {
    const cloud = await startCloudProcess(kit('cloud.mjs'), ['--otlp-port', '0']);
    try {
      await sendSpans(cloud.ready.otlpPort, 'backend-flask', ['from-bundle']);
      const list = (await getJson(cloud.ready.otlpPort, '/workshop/spans')).body as { spans: { name: string }[] };
      assert.deepEqual(list.spans.map((s) => s.name), ['from-bundle']);
    } finally {
      cloud.proc.kill('SIGTERM');
    }
  });

  it('runs the lesson checks as the sandbox does: all pass on a correct app (timings are printed; the bench judges speed)', async () => {
    const root = withBackend('good');
    const runs: number[] = [];
    const walls: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await runRunner({ runner: kit('run-checks.mjs'), module: lessonBundle(), root });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(result.done?.passed, 5, JSON.stringify([...result.checks.values()].map((c) => c.failure)));
      runs.push(result.done?.durationMs ?? 0);
      walls.push(result.wallMs);
    }
    console.log(`good app, bundled runner: median run ${median(runs)} ms, median wall ${median(walls)} ms (walls ${walls.join(', ')})`);
  });

  it('reports the typo through the bundled runner too', async () => {
    const result = await runRunner({ runner: kit('run-checks.mjs'), module: lessonBundle(), root: withBackend('typo') });
    assert.equal(result.checks.get('span-named')?.failure?.reason, 'span-name-typo');
  });
});
