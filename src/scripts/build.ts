/**
 * Builds everything the site serves: the in-sandbox kit and compiled lesson checks (public/sandbox/), the
 * editor's type bundle (public/types/), then the static Astro site (dist/) and its search index
 * (dist/pagefind/). `npm start` runs this when the sources are newer than the last build.
 *
 * `npm run build` (the hosted site) also writes the prebuilt sandbox snapshot WebContainer mounts; `npm start`
 * skips it because its local sandbox links the installed node_modules instead.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { repoRoot } from './repo.ts';
import { buildSandbox } from './build-sandbox.ts';
import { BUILD_STAMP } from './build-freshness.ts';
import { buildSearchIndex, writeTypeBundle } from './build-types.ts';
import { buildSandboxSnapshot } from './build-sandbox-snapshot.ts';

export async function buildSite(options: { withSandboxSnapshot?: boolean } = {}): Promise<void> {
  const started = performance.now();
  await buildSandbox({ outDir: join(repoRoot, 'public', 'sandbox') });
  if (options.withSandboxSnapshot) {
    const snapshot = await buildSandboxSnapshot(join(repoRoot, 'public', 'sandbox', 'node_modules.snapshot'));
    console.log(`build: prebuilt sandbox, ${snapshot.keptFiles} files, ${kib(snapshot.bytes)} (${kib(snapshot.gzipBytes)} gzip)`);
  }
  const types = writeTypeBundle(join(repoRoot, 'starter-app', 'node_modules'), join(repoRoot, 'public', 'types', 'workbench.json'));
  console.log(`build: type bundle, ${types.files} files, ${kib(types.bytes)} (${kib(types.gzipBytes)} gzip)`);
  const astro = spawnSync(join(repoRoot, 'node_modules', '.bin', 'astro'), ['build', '--silent'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (astro.status !== 0) throw new Error(`astro build failed (exit ${astro.status})`);
  const search = await buildSearchIndex(join(repoRoot, 'dist'));
  console.log(`build: search index over ${search.pages} lesson pages`);
  writeFileSync(join(repoRoot, 'dist', BUILD_STAMP), new Date().toISOString());
  console.log(`build: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  buildSite({ withSandboxSnapshot: true }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
