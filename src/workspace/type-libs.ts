import { javascriptDefaults } from 'monaco-editor/languages/features/typescript/register.js';
import { IGNORED_DIAGNOSTICS, JS_COMPILER_OPTIONS, TYPE_BUNDLE_URL, TYPE_ROOT_URI } from './type-options.ts';

/** Only files shown in an editor are checked: the problem count is per open file, and the worker stays idle. */
const diagnostics = (semantic: boolean) => ({
  noSemanticValidation: !semantic,
  noSyntaxValidation: false,
  onlyVisible: true,
  diagnosticCodesToIgnore: [...IGNORED_DIAGNOSTICS],
});

/**
 * Type-aware editing for the learner's JavaScript. Compiler options are set at once (before the language
 * worker starts); type errors stay off until the type bundle (built by src/scripts/build-types.ts, ~2 MB) has
 * arrived, so `require('@opentelemetry/api')` is never flagged as missing while it loads.
 */
export function configureJavaScript(): void {
  // Every JavaScript model goes to the worker, not only the open one: `require('../lib/datetime')` needs it.
  javascriptDefaults.setEagerModelSync(true);
  javascriptDefaults.setCompilerOptions({ ...JS_COMPILER_OPTIONS, lib: [...JS_COMPILER_OPTIONS.lib] });
  javascriptDefaults.setDiagnosticsOptions(diagnostics(false));
}

/**
 * Checks every open model again. The worker only re-checks a file when it changes, so a file that needs another
 * (`require('../logger')`) keeps its "Cannot find module" error after that other file's model appears; setting
 * the options (even to the same ones) makes Monaco re-check all models.
 */
export function recheckAll(): void {
  javascriptDefaults.setDiagnosticsOptions(javascriptDefaults.getDiagnosticsOptions());
}

interface TypeBundle {
  version: number;
  files: Record<string, string>;
}

let loaded: Promise<boolean> | null = null;

/**
 * Fetches the bundle and hands it to the language service once per visit (the next step's editor shares the
 * same language service); resolves false (and changes nothing) on failure, and a later call tries again.
 */
export function loadTypeBundle(): Promise<boolean> {
  loaded ??= fetchTypeBundle().then((ok) => {
    if (!ok) loaded = null;
    return ok;
  });
  return loaded;
}

async function fetchTypeBundle(): Promise<boolean> {
  try {
    const response = await fetch(TYPE_BUNDLE_URL);
    if (!response.ok) return false;
    const bundle = (await response.json()) as TypeBundle;
    if (bundle.version !== 1 || typeof bundle.files !== 'object') return false;
    javascriptDefaults.setExtraLibs(Object.entries(bundle.files).map(([path, content]) => ({ filePath: `${TYPE_ROOT_URI}${path}`, content })));
    javascriptDefaults.setDiagnosticsOptions(diagnostics(true));
    return true;
  } catch {
    // Editing works without types: completion and hover only know the learner's own code.
    return false;
  }
}
