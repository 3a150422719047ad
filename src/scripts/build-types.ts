/**
 * Build-time steps for the learner's workbench, run by build.ts:
 *
 * 1. The type bundle (public/types/workbench.json): the declaration files of the packages learners require
 *    (OpenTelemetry, X-Ray, Rollbar, winston, CloudWatch Logs, express), taken from starter-app/node_modules, so
 *    Monaco's TypeScript service can offer hover docs, completion and red squiggles. The editor loads it lazily.
 * 2. The Pagefind search index over the built site (dist/pagefind/), lesson text only.
 *
 * Monaco's TypeScript worker resolves modules with the classic Node (node10) algorithm over the files it is
 * given, and treats every file that does not end in `.d.ts`/`.ts` as JavaScript when allowJs is on. So the
 * bundle renames `.d.cts`/`.d.mts` to `.d.ts`, writes trimmed package.json files whose `types` names the entry,
 * and rewrites any import specifier that node10 would resolve differently from Node's own (exports maps,
 * `.cjs` suffixes) into a relative path to the file Node would load.
 */
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

/** What learners `require` in the lessons; their type dependencies come along. */
export const TYPED_PACKAGES = [
  '@opentelemetry/api',
  '@opentelemetry/sdk-node',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/resources',
  '@opentelemetry/semantic-conventions',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/propagator-aws-xray',
  '@opentelemetry/id-generator-aws-xray',
  'aws-xray-sdk-core',
  'aws-xray-sdk-express',
  'rollbar',
  'winston',
  'winston-cloudwatch',
  '@aws-sdk/client-cloudwatch-logs',
  'express',
] as const;

/**
 * Type dependencies that add weight but nothing a learner touches: the gRPC and metrics/logs exporters the
 * NodeSDK can be configured with. Imports of them stay unresolved (`any`), which Monaco never reports inside
 * library files.
 */
const SKIPPED_PACKAGES = new Set(['@grpc/grpc-js', 'protobufjs', '@protobufjs/float', 'long']);

/**
 * The parts of @types/node a small Express service touches: the globals (require, module, process, console,
 * timers, Buffer) and the modules behind them and behind the packages' types. The other Node modules (test,
 * sqlite, inspector, quic, ...) would double the bundle; where a package's types name one, that type is `any`.
 */
const NODE_TYPES = [
  'globals.d.ts', 'globals.typedarray.d.ts', 'buffer.buffer.d.ts', 'web-globals/', 'process.d.ts', 'console.d.ts',
  'timers.d.ts', 'timers/promises.d.ts', 'module.d.ts', 'path.d.ts', 'path/posix.d.ts', 'path/win32.d.ts', 'fs.d.ts',
  'fs/promises.d.ts', 'events.d.ts', 'stream.d.ts', 'stream/web.d.ts', 'stream/promises.d.ts', 'http.d.ts',
  'https.d.ts', 'net.d.ts', 'tls.d.ts', 'tty.d.ts', 'url.d.ts', 'util.d.ts', 'util/types.d.ts', 'buffer.d.ts',
  'os.d.ts', 'async_hooks.d.ts', 'dns.d.ts', 'string_decoder.d.ts', 'querystring.d.ts', 'crypto.d.ts',
];

/**
 * Packages whose doc comments are dropped: hover docs matter for the APIs the lessons teach, not for the
 * AWS SDK's generated models or Node's own modules, which are most of the bundle's weight.
 */
const UNDOCUMENTED = [/^@types\/node$/, /^@aws-sdk\//, /^@smithy\//];

export interface TypeBundle {
  version: 1;
  /** The packages a learner may require, for the editor's own information. */
  packages: string[];
  /** Path under the virtual root ("node_modules/winston/index.d.ts") → text. */
  files: Record<string, string>;
}

interface ImportSite {
  pos: number;
  end: number;
  /** Output path of the file Node would load. */
  target: string;
}

const RESOLVE_OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true };
const NODE_BUILTINS = new Set(builtinModules);

const isDeclaration = (file: string) => /\.d\.[cm]?ts$/.test(file);
const toPosix = (path: string) => path.split(sep).join('/');

/** Collects the bundle from a node_modules folder (starter-app/node_modules). */
export function collectTypeBundle(nodeModules: string): TypeBundle {
  const outPathOf = (abs: string) => `node_modules/${toPosix(relative(nodeModules, abs)).replace(/\.d\.[cm]ts$/, '.d.ts')}`;
  const texts = new Map<string, string>();
  const sites = new Map<string, ImportSite[]>();
  /** Package folder (absolute) → its entry's output path, from resolving the bare package name. */
  const entries = new Map<string, string>();
  const queue: string[] = [];
  const enqueue = (abs: string) => {
    const out = outPathOf(abs);
    if (texts.has(out) || queue.includes(abs)) return;
    queue.push(abs);
  };

  const cache = ts.createModuleResolutionCache(nodeModules, (name) => name, RESOLVE_OPTIONS);
  const resolveFrom = (specifier: string, containing: string) => {
    const mode = containing.endsWith('.mts') ? ts.ModuleKind.ESNext : containing.endsWith('.cts') || containing.endsWith('.js') ? ts.ModuleKind.CommonJS : ts.getImpliedNodeFormatForFile(containing as ts.Path, cache.getPackageJsonInfoCache(), ts.sys, RESOLVE_OPTIONS) ?? ts.ModuleKind.CommonJS;
    const resolved = ts.resolveModuleName(specifier, containing, RESOLVE_OPTIONS, ts.sys, cache, undefined, mode).resolvedModule;
    if (!resolved || !isDeclaration(resolved.resolvedFileName) || !resolved.resolvedFileName.startsWith(nodeModules)) return undefined;
    const packageName = resolved.packageId?.name;
    if (packageName && SKIPPED_PACKAGES.has(packageName)) return undefined;
    if (packageName && !specifier.startsWith('.') && (specifier === packageName || specifier === packageName.replace(/^@types\//, ''))) {
      entries.set(packageDirOf(resolved.resolvedFileName), outPathOf(resolved.resolvedFileName));
    }
    return resolved.resolvedFileName;
  };

  const app = join(dirname(nodeModules), 'backend', 'app.js');
  for (const name of TYPED_PACKAGES) {
    const file = resolveFrom(name, app);
    if (!file) throw new Error(`build-types: no type declarations found for "${name}" in ${nodeModules}`);
    enqueue(file);
  }

  while (queue.length > 0) {
    const abs = queue.shift()!;
    const out = outPathOf(abs);
    if (texts.has(out)) continue;
    const text = readFileSync(abs, 'utf8');
    texts.set(out, text);
    const info = ts.preProcessFile(text, true, true);
    const fileSites: ImportSite[] = [];
    for (const imported of info.importedFiles) {
      const bare = imported.fileName.replace(/^node:/, '').split('/')[0] ?? '';
      if (imported.fileName.startsWith('node:') || NODE_BUILTINS.has(imported.fileName) || NODE_BUILTINS.has(bare)) {
        continue; // declared by the @types/node subset
      }
      const target = resolveFrom(imported.fileName, abs);
      if (!target) continue;
      enqueue(target);
      // preProcessFile's positions can include the opening quote: find the specifier's own text.
      const at = text.indexOf(imported.fileName, Math.max(0, imported.pos - 2));
      fileSites.push({ pos: at, end: at + imported.fileName.length, target: outPathOf(target) });
    }
    for (const reference of info.referencedFiles) enqueue(join(dirname(abs), reference.fileName));
    for (const directive of info.typeReferenceDirectives) {
      if (directive.fileName === 'node') continue;
      const resolved = ts.resolveTypeReferenceDirective(directive.fileName, abs, RESOLVE_OPTIONS, ts.sys).resolvedTypeReferenceDirective;
      if (resolved?.resolvedFileName?.startsWith(nodeModules)) enqueue(resolved.resolvedFileName);
    }
    sites.set(out, fileSites);
  }

  const files: Record<string, string> = {};
  for (const [dir, entry] of entries) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
    const pkgOut = outPathOf(join(dir, 'package.json'));
    files[pkgOut] = JSON.stringify({ name: manifest.name, version: manifest.version, types: posix.relative(posix.dirname(pkgOut), entry) });
  }
  for (const [out, text] of texts) files[out] = text;
  Object.assign(files, collectNodeTypes(join(nodeModules, '@types', 'node')));
  files['node_modules/@types/workshop-untyped/index.d.ts'] = untypedDependencies(nodeModules);

  // Rewrite what node10 (Monaco) would resolve differently from Node.
  for (const [out, fileSites] of sites) {
    let text = files[out]!;
    for (const site of [...fileSites].sort((a, b) => b.pos - a.pos)) {
      const specifier = text.slice(site.pos, site.end);
      if (node10Resolve(files, specifier, out) === site.target) continue;
      let rewritten = posix.relative(posix.dirname(out), site.target).replace(/\.d\.ts$/, '');
      if (!rewritten.startsWith('.')) rewritten = `./${rewritten}`;
      text = text.slice(0, site.pos) + rewritten + text.slice(site.end);
    }
    files[out] = text;
  }
  applyCommonJsFixes(files);
  for (const [out, text] of Object.entries(files)) {
    const packageName = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(out)?.[1] ?? '';
    if (out.endsWith('.d.ts') && UNDOCUMENTED.some((pattern) => pattern.test(packageName))) files[out] = stripDocComments(out, text);
  }
  return { version: 1, packages: [...TYPED_PACKAGES], files };
}

/**
 * The starter app's dependencies that ship no types (cors): declared as `any` modules, so requiring them is not
 * reported as "Cannot find module" while a misspelt package name still is.
 */
function untypedDependencies(nodeModules: string): string {
  const manifest = JSON.parse(readFileSync(join(dirname(nodeModules), 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const untyped = Object.keys(manifest.dependencies ?? {}).filter((name) => {
    const pkg = JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as { types?: string; typings?: string };
    const typesPackage = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
    return !pkg.types && !pkg.typings && !existsSync(join(nodeModules, typesPackage)) && !existsSync(join(nodeModules, name, 'index.d.ts'));
  });
  return ['// Dependencies of the starter app without type declarations.', ...untyped.map((name) => `declare module '${name}';`), ''].join('\n');
}

function packageDirOf(file: string): string {
  const parts = file.split(sep);
  const at = parts.lastIndexOf('node_modules');
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join(sep);
}

/** How Monaco's worker (node10 resolution over the bundle only) resolves a specifier; null when it cannot. */
function node10Resolve(files: Record<string, string>, specifier: string, containing: string): string | null {
  const host: ts.ModuleResolutionHost = {
    fileExists: (path) => path.replace(/^\//, '') in files,
    readFile: (path) => files[path.replace(/^\//, '')],
    directoryExists: () => true,
  };
  // 2 is ModuleResolutionKind.Node10: deprecated by TypeScript 6, but it is what Monaco's TypeScript 5.9 runs.
  const resolved = ts.resolveModuleName(specifier, `/${containing}`, { moduleResolution: 2 as ts.ModuleResolutionKind, allowJs: true }, host).resolvedModule;
  return resolved ? resolved.resolvedFileName.replace(/^\//, '') : null;
}

/** The chosen subset of @types/node, with an index.d.ts referencing only it (`/// <reference types="node" />`). */
function collectNodeTypes(nodeTypesDir: string): Record<string, string> {
  const chosen: string[] = [];
  for (const entry of NODE_TYPES) {
    if (!entry.endsWith('/')) chosen.push(entry);
    else for (const name of readdirSync(join(nodeTypesDir, entry)).sort()) if (name.endsWith('.d.ts')) chosen.push(entry + name);
  }
  const manifest = JSON.parse(readFileSync(join(nodeTypesDir, 'package.json'), 'utf8')) as { version: string };
  const files: Record<string, string> = {
    'node_modules/@types/node/package.json': JSON.stringify({ name: '@types/node', version: manifest.version, types: 'index.d.ts' }),
    'node_modules/@types/node/index.d.ts': [
      '// A subset of @types/node chosen by src/scripts/build-types.ts.',
      '/// <reference lib="es2020" />',
      '/// <reference lib="esnext.disposable" />',
      ...chosen.map((file) => `/// <reference path="${file}" />`),
      '',
    ].join('\n'),
  };
  for (const file of chosen) files[`node_modules/@types/node/${file}`] = readFileSync(join(nodeTypesDir, file), 'utf8');
  return files;
}

/**
 * Declarations that disagree with the package at runtime under `require`. rollbar's types say
 * `export default Rollbar`, but dist/rollbar.cjs sets `module.exports` to the class, so the documented
 * `const Rollbar = require('rollbar'); new Rollbar({...})` would be flagged "not constructable". The build
 * fails if a fix no longer finds its text (a new package version may have fixed or moved it).
 */
const COMMONJS_FIXES: { file: string; from: string; to: string }[] = [
  { file: 'node_modules/rollbar/index.d.ts', from: 'export default Rollbar;', to: 'export = Rollbar;' },
];

function applyCommonJsFixes(files: Record<string, string>): void {
  for (const fix of COMMONJS_FIXES) {
    const text = files[fix.file];
    if (text === undefined || !text.includes(fix.from)) throw new Error(`build-types: "${fix.from}" not found in ${fix.file}; review COMMONJS_FIXES`);
    files[fix.file] = text.replace(fix.from, fix.to);
  }
}

/** Drops block comments (doc comments) that precede declarations; licence notices stay. */
export function stripDocComments(fileName: string, text: string): string {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const ranges = new Map<number, number>();
  const collect = (pos: number) => {
    for (const range of ts.getLeadingCommentRanges(text, pos) ?? []) {
      if (range.kind !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
      if (/@license|copyright/i.test(text.slice(range.pos, range.end))) continue;
      ranges.set(range.pos, range.end);
    }
  };
  const visit = (node: ts.Node) => {
    collect(node.pos);
    ts.forEachChild(node, visit);
  };
  visit(source);
  collect(source.endOfFileToken.pos);
  const pieces: string[] = [];
  let from = 0;
  for (const [pos, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (pos < from) continue;
    pieces.push(text.slice(from, pos));
    from = end;
  }
  pieces.push(text.slice(from));
  return pieces.join('').replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, '\n\n');
}

/** Writes the bundle; returns its size (raw and gzip bytes) for the build log. */
export function writeTypeBundle(nodeModules: string, outFile: string): { files: number; bytes: number; gzipBytes: number } {
  if (!existsSync(nodeModules)) throw new Error(`build-types: ${nodeModules} is missing; run npm install (it installs the starter app too)`);
  const bundle = collectTypeBundle(nodeModules);
  const json = JSON.stringify(bundle);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, json);
  return { files: Object.keys(bundle.files).length, bytes: Buffer.byteLength(json), gzipBytes: gzipSync(json).length };
}

/**
 * Full-text search over the built lessons. Pages mark their indexable text with `data-pagefind-body` (only
 * the lesson article), so the overview and the workspace chrome stay out of the index.
 */
export async function buildSearchIndex(siteDir: string): Promise<{ pages: number }> {
  const pagefind = await import('pagefind');
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(siteDir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
