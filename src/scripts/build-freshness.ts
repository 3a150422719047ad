import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo.ts';

export const BUILD_STAMP = '.workshop-build-stamp';

const SOURCES = ['src', 'lessons', 'starter-app', 'public', 'astro.config.mjs', 'package.json'];
const SKIPPED = new Set(['node_modules', 'sandbox', '.astro']);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    if (SKIPPED.has(name)) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** True when dist/ is missing or any source is newer than the last completed build. */
export function siteNeedsBuild(): boolean {
  const stamp = join(repoRoot, 'dist', BUILD_STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((source) => existsSync(join(repoRoot, source)) && newestMtime(join(repoRoot, source)) > built);
}
