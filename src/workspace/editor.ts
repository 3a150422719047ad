import * as monaco from 'monaco-editor/editor/editor.api.js';
import './editor-features.ts';
import 'monaco-editor/languages/definitions/javascript/register.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import 'monaco-editor/languages/definitions/html/register.js';
import 'monaco-editor/languages/definitions/css/register.js';
import 'monaco-editor/languages/definitions/markdown/register.js';
import 'monaco-editor/languages/features/typescript/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker.js?worker';
import { followPageTheme } from './editor-theme.ts';
import { labelTouchKeyboardButton } from './editor-touch-keyboard.ts';
import { configureJavaScript, loadTypeBundle, recheckAll } from './type-libs.ts';
import { languageOf, registerUncheckedJavaScript } from './editor-languages.ts';

// The TypeScript worker serves both JavaScript and TypeScript models; everything else uses the plain one.
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_moduleId, label) => (label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker()),
};
configureJavaScript();
registerUncheckedJavaScript();

export interface Problems {
  errors: number;
  warnings: number;
  /** The first few errors and warnings as "line N: message", for a tooltip (and for a failing test to print). */
  details: string[];
}

export interface WorkspaceEditor {
  open(path: string): void;
  /** Replaces a file's text from outside (Reset, Solve) without echoing it back as a learner edit. */
  setContents(path: string, contents: string): void;
  focus(): void;
  /** Ends this editor and its files' models (the next step's editor makes its own from its own files). */
  dispose(): void;
  /** Resolves true once the language service knows the packages' types (false if they could not load). */
  readonly typesReady: Promise<boolean>;
}

export function createEditor(
  host: HTMLElement,
  readFile: (path: string) => string,
  onEdit: (path: string, contents: string) => void,
  options: { allPaths(): string[]; onProblems(problems: Problems): void },
): WorkspaceEditor {
  host.replaceChildren();
  followPageTheme();
  const editor = monaco.editor.create(host, {
    automaticLayout: true,
    fontSize: 14,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: 'Code editor. Press Control+M to make Tab move focus out of the editor.',
    accessibilitySupport: 'auto',
    fixedOverflowWidgets: true,
    // A blinking cursor is motion too.
    cursorBlinking: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'solid' : 'blink',
  });
  const touchKeyboardLabel = labelTouchKeyboardButton(host);
  const models = new Map<string, monaco.editor.ITextModel>();
  /** Set once the type bundle is in: from then on a new file makes the others be checked again. */
  let typesLoaded = false;
  let applyingExternalChange = false;

  const modelFor = (path: string): monaco.editor.ITextModel => {
    let model = models.get(path);
    if (!model) {
      model = monaco.editor.createModel(readFile(path), languageOf(path), monaco.Uri.file(`/${path}`));
      model.onDidChangeContent(() => {
        if (!applyingExternalChange) onEdit(path, model!.getValue());
      });
      models.set(path, model);
      // A new file (New file, Solve) may be what another file's require was missing.
      if (typesLoaded && isLearnerScript(path)) recheckAll();
    }
    return model;
  };

  const reportProblems = () => {
    const model = editor.getModel();
    if (!model) return;
    const markers = monaco.editor.getModelMarkers({ resource: model.uri });
    options.onProblems({
      errors: markers.filter((marker) => marker.severity === monaco.MarkerSeverity.Error).length,
      warnings: markers.filter((marker) => marker.severity === monaco.MarkerSeverity.Warning).length,
      details: markers
        .filter((marker) => marker.severity >= monaco.MarkerSeverity.Warning)
        .slice(0, 5)
        .map((marker) => `line ${marker.startLineNumber}: ${marker.message.split('\n')[0]}`),
    });
  };
  const markerListener = monaco.editor.onDidChangeMarkers(reportProblems);
  editor.onDidChangeModel(reportProblems);
  let disposed = false;

  // Types arrive after the editor is on screen. Every JavaScript file gets a model first, so that when type
  // checking starts a require of the learner's own module (../lib/datetime) already resolves.
  const typesReady = new Promise<boolean>((resolve) => setTimeout(resolve, 0)).then(async () => {
    if (disposed) return false;
    for (const path of options.allPaths()) if (isLearnerScript(path)) modelFor(path);
    typesLoaded = await loadTypeBundle();
    return typesLoaded;
  });

  return {
    open(path) {
      editor.setModel(modelFor(path));
    },
    setContents(path, contents) {
      const model = modelFor(path);
      if (model.getValue() === contents) return;
      applyingExternalChange = true;
      try {
        // pushEditOperations keeps undo history, so a Reset or Solve can be undone with Ctrl+Z.
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: contents }], () => null);
      } finally {
        applyingExternalChange = false;
      }
    },
    focus() {
      editor.focus();
    },
    dispose() {
      disposed = true;
      markerListener.dispose();
      touchKeyboardLabel.dispose();
      editor.dispose();
      for (const model of models.values()) model.dispose();
      models.clear();
    },
    typesReady,
  };
}

/** The learner's JavaScript, which the language service checks (not the workshop's own hidden files). */
function isLearnerScript(path: string): boolean {
  return /\.[cm]?js$/.test(path) && !path.startsWith('.workshop/');
}
