/**
 * How Monaco's TypeScript service reads the learner's JavaScript: CommonJS `require` resolved (node10) against
 * the type bundle at file:///node_modules/, type-checked like `// @ts-check`. The DOM library is in too, because
 * frontend/public/ holds browser scripts; @types/node is written to coexist with it.
 * Shared with the unit test that runs Monaco's own TypeScript worker over the bundle, so both agree.
 */
export const JS_COMPILER_OPTIONS = {
  allowJs: true,
  checkJs: true,
  allowNonTsExtensions: true,
  noEmit: true,
  target: 99, // ESNext
  module: 1, // CommonJS
  moduleResolution: 2, // node10: the algorithm the bundle's package.json files are written for
  lib: ['esnext', 'dom', 'dom.iterable'],
  esModuleInterop: true,
  skipLibCheck: true,
  strict: false,
} as const;

/**
 * Diagnostics a learner cannot act on: "File is a CommonJS module; it may be converted to an ES module"
 * (the lessons use CommonJS on purpose), "Could not find a declaration file" for untyped packages, and
 * "Parameter implicitly has an 'any' type, but a better type may be inferred" (a hint on nearly every function).
 */
export const IGNORED_DIAGNOSTICS = [80001, 7016, 7044] as const;

/** Where the bundle's files live for the language service. */
export const TYPE_ROOT_URI = 'file:///';
export const TYPE_BUNDLE_URL = '/types/workbench.json';
