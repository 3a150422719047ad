/**
 * What the prebuilt sandbox leaves out of node_modules: files Node never loads at run time. The editor's type
 * declarations are served separately (lazily), so `.d.ts` files are not needed in the sandbox either.
 * Licence files are kept: shipping a package means shipping its licence.
 */
// Only at a package's root: deeper down these names can be code (yaml keeps modules in dist/doc/).
const DROPPED_PACKAGE_DIRECTORIES = new Set([
  '.github', '__tests__', 'test', 'tests', 'docs', 'doc', 'example', 'examples', 'benchmark', 'benchmarks',
  'dist-types', 'coverage', '.nyc_output', 'man',
]);
const DROPPED_FILE = [
  /\.d\.[cm]?ts$/,
  /\.map$/,
  /\.tsbuildinfo$/,
  /^(README|CHANGELOG|CHANGES|HISTORY|AUTHORS|CONTRIBUTING|SECURITY)(\.[a-z]+)?$/i,
  /\.(md|markdown)$/i,
  /^\.(npmignore|eslintrc.*|prettierrc.*|editorconfig|travis\.yml|nvmrc)$/,
  /^(tsconfig|jest\.config|karma\.conf|rollup\.config|webpack\.config)[.\w]*$/,
];
/** Packages only the host needs (types for the editor, native build helpers). */
const DROPPED_PACKAGES = new Set(['@types']);

/** `depth` 0 is a package name directly in node_modules, 1 a directory at a package's root. */
export function keepDirectory(name: string, depth: number): boolean {
  if (depth === 0) return !DROPPED_PACKAGES.has(name);
  if (depth === 1) return !DROPPED_PACKAGE_DIRECTORIES.has(name);
  return true;
}

export function keepFile(name: string): boolean {
  if (/^(LICEN[CS]E|NOTICE|COPYING)/i.test(name)) return true;
  return !DROPPED_FILE.some((pattern) => pattern.test(name));
}
