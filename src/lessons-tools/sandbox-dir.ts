/**
 * A throwaway folder shaped like the sandbox the site mounts: the step's files, `node_modules` (the starter's
 * prebuilt dependencies, linked, as the providers link them) and `.workshop/` (the bundled kit and checks).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { starterRoot } from '../lessons/step-files.ts';
import type { FileMap } from './step-states.ts';

export interface SandboxDirOptions {
  /** A buildSandbox() output folder (holding kit/ and checks/), linked in as `.workshop`. */
  workshopDir: string;
  /** Default: starter-app/node_modules. */
  nodeModules?: string;
  /** Parent of the new folder (default: the OS temp dir). */
  parent?: string;
  prefix?: string;
}

export function materialise(files: FileMap, options: SandboxDirOptions): string {
  const dir = mkdtempSync(join(options.parent ?? tmpdir(), options.prefix ?? 'lesson-state-'));
  for (const [path, contents] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }
  symlinkSync(options.nodeModules ?? join(starterRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  symlinkSync(options.workshopDir, join(dir, '.workshop'), 'dir');
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
