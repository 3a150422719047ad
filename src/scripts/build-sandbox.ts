/**
 * Bundles what runs INSIDE the sandbox into self-contained ES modules (no node_modules needed at run time):
 *   <outDir>/kit/cloud.mjs, kit/run-checks.mjs, kit/cruddur-aws.mjs, kit/app-preload.cjs, kit/xray-dgram-shim.cjs
 *   <outDir>/checks/<chapter>/<step>.mjs      one per lessons/<chapter>/<step>/checks.ts
 * The site mounts these as the sandbox's hidden `.workshop/` folder.
 *
 *   node src/scripts/build-sandbox.ts [--out-dir public/sandbox]
 */
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BuiltFile {
  /** Relative to outDir. */
  path: string;
  bytes: number;
}

export interface BuildSandboxOptions {
  /** Default: <repo>/public/sandbox. */
  outDir?: string;
  /** Default: <repo>/lessons. */
  lessonsDir?: string;
}

/** Bundled CommonJS dependencies (protobufjs) call require() for Node built-ins; ES modules have no require. */
const requireBanner = "import { createRequire as __workshopCreateRequire } from 'node:module';\nconst require = __workshopCreateRequire(import.meta.url);";

export async function buildSandbox(options: BuildSandboxOptions = {}): Promise<BuiltFile[]> {
  const outDir = resolve(options.outDir ?? join(repoRoot, 'public', 'sandbox'));
  const lessonsDir = resolve(options.lessonsDir ?? join(repoRoot, 'lessons'));
  const entryPoints: Record<string, string> = {
    'kit/cloud': join(repoRoot, 'src/kit/cloud.ts'),
    'kit/run-checks': join(repoRoot, 'src/kit/run-checks.ts'),
    'kit/cruddur-aws': join(repoRoot, 'src/kit/cli/cruddur-aws.ts'),
  };
  for (const { chapter, step, file } of await findLessonChecks(lessonsDir)) entryPoints[`checks/${chapter}/${step}`] = file;

  // Only our own folders: other parts of public/sandbox belong to other build steps.
  await rm(join(outDir, 'kit'), { recursive: true, force: true });
  await rm(join(outDir, 'checks'), { recursive: true, force: true });
  const result = await build({
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // WebContainer's opt-in Node is 22; OpenTelemetry JS 3 needs >= 22.15 anyway.
    target: 'node22',
    banner: { js: requireBanner },
    // Whitespace and syntax only, a third smaller (950 KB to 630 KB for cloud + runner): every boot sends the kit
    // through the page into the sandbox. Identifiers stay, so a stack trace from the kit still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  // The preload is loaded by `node --require`, next to run-checks.mjs, as plain CommonJS.
  await mkdir(join(outDir, 'kit'), { recursive: true });
  await copyFile(join(repoRoot, 'src/kit/app-preload.cjs'), join(outDir, 'kit/app-preload.cjs'));
  // Loaded with `node -r` where UDP is missing (WebContainer): carries X-Ray datagrams to the daemon over HTTP.
  await copyFile(join(repoRoot, 'src/kit/xray-shim/dgram-shim.cjs'), join(outDir, 'kit/xray-dgram-shim.cjs'));

  const files = [...Object.keys(result.metafile.outputs).map((p) => resolve(p)), join(outDir, 'kit/app-preload.cjs'), join(outDir, 'kit/xray-dgram-shim.cjs')];
  const built: BuiltFile[] = [];
  for (const file of files) built.push({ path: relative(outDir, file), bytes: (await stat(file)).size });
  return built.sort((a, b) => a.path.localeCompare(b.path));
}

async function findLessonChecks(lessonsDir: string): Promise<{ chapter: string; step: string; file: string }[]> {
  const found: { chapter: string; step: string; file: string }[] = [];
  for (const chapter of await listDirs(lessonsDir)) {
    for (const step of await listDirs(join(lessonsDir, chapter))) {
      const file = join(lessonsDir, chapter, step, 'checks.ts');
      if (await stat(file).then((s) => s.isFile(), () => false)) found.push({ chapter, step, file });
    }
  }
  return found;
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
  const outDir = values['out-dir'] === undefined ? undefined : resolve(values['out-dir']);
  const built = await buildSandbox(outDir === undefined ? {} : { outDir });
  const base = outDir ?? join(repoRoot, 'public', 'sandbox');
  for (const file of built) console.log(`${(file.bytes / 1024).toFixed(1).padStart(8)} KiB  ${relative(process.cwd(), join(base, file.path))}`);
}
