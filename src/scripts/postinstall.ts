/**
 * Runs after `npm install` (with the project's own Node 24 on PATH, from the `node` package): installs the
 * starter app's dependencies once, so no sandbox session ever runs `npm install`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo.ts';

const starter = join(repoRoot, 'starter-app');
if (process.env.WORKSHOP_SKIP_STARTER_INSTALL === '1') {
  console.log('postinstall: WORKSHOP_SKIP_STARTER_INSTALL=1, not installing starter-app dependencies');
} else if (existsSync(join(starter, 'package.json'))) {
  // `install` honours starter-app/package-lock.json; `ci` would also reject optional binaries the registry lacks.
  console.log("postinstall: npm install in starter-app/ (the sandbox's prebuilt dependencies)");
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: starter, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('postinstall: installing starter-app dependencies failed; the sandbox cannot run the app without them.');
    process.exit(result.status ?? 1);
  }
}
console.log(`postinstall: using Node ${process.version} (${process.execPath})`);
