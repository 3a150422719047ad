/**
 * A real workshop server on an ephemeral port over a throwaway tree: a tiny built site, a sessions
 * root, a stand-in for the prebuilt node_modules and a directory "outside" holding a secret, so
 * tests can prove nothing reaches it.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorkshopServer } from '../../src/server/workshop-server.ts';
import type { WorkshopServer, WorkshopServerOptions } from '../../src/server/workshop-server.ts';

export interface ServerFixture {
  server: WorkshopServer;
  root: string;
  siteDir: string;
  sessionsRoot: string;
  nodeModulesDir: string;
  outsideDir: string;
  /** Closes the server and removes the whole tree. */
  dispose(): Promise<void>;
}

export const OUTSIDE_SECRET = 'outside-secret-7f3a';

export async function startServerFixture(overrides: Partial<WorkshopServerOptions> = {}): Promise<ServerFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'workshop-test-'));
  const siteDir = path.join(root, 'site');
  const sessionsRoot = path.join(root, 'sessions');
  const nodeModulesDir = path.join(root, 'prebuilt', 'node_modules');
  const outsideDir = path.join(root, 'outside');
  await writeTree(siteDir, {
    'index.html': '<!doctype html><title>home</title>',
    '404.html': '<!doctype html><title>lost</title>',
    'lesson/index.html': '<!doctype html><title>lesson</title>',
    '_astro/app.abc123.js': 'export const x = 1;\n',
    'styles/site.css': 'body{}',
    'data.json': '{"a":1}',
    'font.woff2': 'woff2',
    'module.wasm': 'wasm',
  });
  await writeTree(nodeModulesDir, {
    'left-pad/index.js': 'module.exports = (s) => s;\n',
    'left-pad/secret.txt': 'node-modules-secret',
  });
  await mkdir(path.join(nodeModulesDir, '.bin'), { recursive: true });
  await writeTree(outsideDir, { 'secret.txt': OUTSIDE_SECRET });

  const server = await createWorkshopServer({
    siteDir,
    sessionsRoot,
    sandboxNodeModules: nodeModulesDir,
    port: 0,
    handleSignals: false,
    ...overrides,
  });
  return {
    server,
    root,
    siteDir,
    sessionsRoot,
    nodeModulesDir,
    outsideDir,
    async dispose() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
}

/** True while a process exists and is not a zombie (orphans are not always reaped in containers). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true; // No /proc (macOS): kill(pid, 0) is all we have.
  }
  // "pid (comm) S ...": comm may contain spaces, so the state is the first field after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
