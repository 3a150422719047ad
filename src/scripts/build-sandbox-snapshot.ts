/**
 * The prebuilt sandbox for hosted mode: the starter app's installed dependencies as a WebContainer binary
 * snapshot (the format `WebContainer#mount()` takes), so no `npm install` ever runs in a learner's browser.
 * Lesson files and the workshop kit are mounted separately, per step.
 *
 * The format is the one `@webcontainer/snapshot` produces: a msgpack-encoded index where a directory is
 * `{ d: { name: node } }` and a file `{ f: { c: bytes } }`. That package walks with a `Promise.race` loop whose
 * cost grows with the square of the file count (35 s for our 6,700 files), so the index is built here from
 * the pruning walk instead; tests/integration/hosting/ proves both encodings decode to the same tree.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import { repoRoot } from './repo.ts';
import { keepDirectory, keepFile } from './sandbox-prune.ts';

export type SnapshotNode = { d: Record<string, SnapshotNode> } | { f: { c: Uint8Array } };

export interface SnapshotReport {
  file: string;
  bytes: number;
  gzipBytes: number;
  sourceBytes: number;
  keptFiles: number;
}

interface Totals {
  kept: number;
  sourceBytes: number;
}

/** Reads a directory into a snapshot index; `prune` leaves out what Node never loads (see sandbox-prune.ts). */
export function indexDirectory(path: string, options: { prune: boolean } = { prune: false }, totals: Totals = { kept: 0, sourceBytes: 0 }, depth = 0): { d: Record<string, SnapshotNode> } {
  const entries: Record<string, SnapshotNode> = {};
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      // Scoped packages (@scope/name) sit one level deeper than plain ones; nested node_modules start over.
      const nextDepth = entry.name === 'node_modules' || (depth === 0 && entry.name.startsWith('@')) ? 0 : depth + 1;
      if (options.prune && entry.name !== 'node_modules' && !keepDirectory(entry.name, depth)) continue;
      entries[entry.name] = indexDirectory(full, options, totals, nextDepth);
    } else if (entry.isFile()) {
      const contents = readFileSync(full);
      totals.sourceBytes += contents.length;
      if (options.prune && !keepFile(entry.name)) continue;
      entries[entry.name] = { f: { c: contents } };
      totals.kept += 1;
    }
    // Symlinks (node_modules/.bin) are left out: learners run `node`, not package binaries.
  }
  return { d: entries };
}

export function encodeSnapshot(index: SnapshotNode): Uint8Array {
  return encode(index);
}

export async function buildSandboxSnapshot(outFile = join(repoRoot, 'public', 'sandbox', 'node_modules.snapshot')): Promise<SnapshotReport> {
  const totals: Totals = { kept: 0, sourceBytes: 0 };
  const nodeModules = indexDirectory(join(repoRoot, 'starter-app', 'node_modules'), { prune: true }, totals);
  const binary = encodeSnapshot({ d: { node_modules: nodeModules } });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, binary);
  return { file: outFile, bytes: binary.length, gzipBytes: gzipSync(binary, { level: 6 }).length, sourceBytes: totals.sourceBytes, keptFiles: totals.kept };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const report = await buildSandboxSnapshot();
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
  console.log(
    `sandbox snapshot: ${report.keptFiles} files, ${mb(report.sourceBytes)} installed → ${mb(report.bytes)} snapshot, ${mb(report.gzipBytes)} gzip (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
