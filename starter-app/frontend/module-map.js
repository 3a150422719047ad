// Lets the browser import the OpenTelemetry web SDK straight from node_modules,
// without a bundler: builds an import map (bare names → file URLs) and says which
// package folders may be served.
//
// The OpenTelemetry JS 3 packages ship ES modules (dist/*.mjs) and choose their
// browser code through package.json "exports" and "imports" (#platform). Browsers
// read neither, so the map resolves them here with the browser's conditions, one
// scope per package folder (nested node_modules keep their own versions).

const fs = require('node:fs');
const path = require('node:path');

// What pages may import by name. Everything these depend on is mapped too.
const BROWSER_PACKAGES = [
  '@opentelemetry/api',
  '@opentelemetry/core',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/resources',
  '@opentelemetry/semantic-conventions',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-fetch',
];

// Their browser code needs only other OpenTelemetry packages; Node-only dependencies
// (require-in-the-middle and the like) are neither mapped nor served.
const BROWSER_SCOPE = /^@opentelemetry\//;

// A browser's view of "exports"/"imports": never "node" or "require".
const CONDITIONS = new Set(['browser', 'import', 'module', 'default']);

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// Node's lookup: node_modules/<name> in this folder, then in each parent, but never above appRoot.
function findPackageDir(name, fromDir, appRoot) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === appRoot) return null;
    const parent = path.dirname(dir);
    if (parent === dir || !parent.startsWith(appRoot)) return null;
    dir = parent;
  }
}

// One "exports"/"imports" target → a relative file path, or null when no browser condition matches.
function resolveTarget(target) {
  if (typeof target === 'string') return target.includes('*') ? null : target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveTarget(item);
      if (resolved) return resolved;
    }
    return null;
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue;
      const resolved = resolveTarget(value);
      if (resolved) return resolved;
    }
  }
  return null;
}

// { specifier suffix ("" or "/sub") → relative file } for a package's public entry points.
function entryPoints(pkg) {
  const entries = {};
  const exportsField = pkg.exports;
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) {
    const file = resolveTarget(exportsField);
    if (file) entries[''] = file;
  } else if (exportsField && typeof exportsField === 'object') {
    const keys = Object.keys(exportsField);
    if (keys.length > 0 && keys.every((key) => !key.startsWith('.'))) {
      const file = resolveTarget(exportsField);
      if (file) entries[''] = file;
    } else {
      for (const key of keys) {
        if (key.includes('*') || key.endsWith('/')) continue;
        const file = resolveTarget(exportsField[key]);
        if (file) entries[key.slice(1)] = file;
      }
    }
  } else {
    const file = pkg.module || (typeof pkg.browser === 'string' ? pkg.browser : null) || pkg.main || 'index.js';
    entries[''] = file;
  }
  return entries;
}

function toUrl(appRoot, file) {
  return '/' + path.relative(appRoot, file).split(path.sep).join('/');
}

/**
 * The import map for BROWSER_PACKAGES and what they depend on, and the package
 * folders the server may serve files from. Missing packages are left out.
 */
function buildModuleMap(appRoot) {
  const root = path.resolve(appRoot);
  const importMap = { imports: {}, scopes: {} };
  const packageDirs = new Set();
  const queue = [];

  function mapPackage(name, fromDir, into) {
    if (!BROWSER_SCOPE.test(name)) return;
    const dir = findPackageDir(name, fromDir, root);
    if (!dir) return;
    const pkg = readJson(path.join(dir, 'package.json'));
    for (const [suffix, file] of Object.entries(entryPoints(pkg))) {
      const target = path.join(dir, file);
      if (/\.(mjs|js)$/.test(target) && fs.existsSync(target)) into[name + suffix] = toUrl(root, target);
    }
    if (!packageDirs.has(dir)) {
      packageDirs.add(dir);
      queue.push({ dir, pkg });
    }
  }

  for (const name of BROWSER_PACKAGES) mapPackage(name, root, importMap.imports);

  while (queue.length > 0) {
    const { dir, pkg } = queue.shift();
    const scope = {};
    const deps = { ...pkg.peerDependencies, ...pkg.dependencies };
    for (const name of Object.keys(deps)) mapPackage(name, dir, scope);
    for (const [key, target] of Object.entries(pkg.imports || {})) {
      const file = resolveTarget(target);
      if (file && !key.includes('*') && fs.existsSync(path.join(dir, file))) scope[key] = toUrl(root, path.join(dir, file));
    }
    if (Object.keys(scope).length > 0) importMap.scopes[toUrl(root, dir) + '/'] = scope;
  }

  return { importMap, packageDirs: [...packageDirs] };
}

// Only JavaScript inside a mapped package folder is served: never package.json, sources or anything else.
function isServableModule(moduleMap, file) {
  if (!/\.(mjs|js)$/.test(file)) return false;
  return moduleMap.packageDirs.some((dir) => file.startsWith(dir + path.sep));
}

module.exports = { buildModuleMap, isServableModule, BROWSER_PACKAGES };
