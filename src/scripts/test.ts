/**
 * `npm test`: unit, integration (incl. the starter app's own tests) and browser tests in ONE node:test run,
 * so its closing summary counts everything. The site is built first when stale (browser tests drive it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot } from './repo.ts';
import { buildSite } from './build.ts';
import { siteNeedsBuild } from './build-freshness.ts';

const only = process.argv.slice(2);
const suites = only.length > 0 ? only : ['unit', 'integration', 'browser'];
const patterns = suites.map((suite) => `tests/${suite}/**/*.test.ts`);
if (suites.includes('integration')) patterns.push('starter-app/test/**/*.test.js');

// Browser tests and the hosting integration tests drive the built site.
if (suites.includes('browser') || suites.includes('integration')) {
  if (!existsSync('/usr/bin/chromium')) {
    console.error('Browser tests need Debian\'s Chromium at /usr/bin/chromium: run `apt-get update && apt-get install -y chromium`.');
    process.exit(1);
  }
  if (siteNeedsBuild()) await buildSite();
}

const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=180000', ...patterns],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, WORKSHOP_TEST: '1' } },
);
process.exit(result.status ?? 1);
