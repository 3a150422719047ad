import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/javascript/register.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import 'monaco-editor/languages/definitions/html/register.js';
import 'monaco-editor/languages/definitions/css/register.js';
import 'monaco-editor/languages/definitions/markdown/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';

// Only syntax colouring is loaded here; the TypeScript language service (IntelliSense) is much heavier and
// is a separate, later addition.
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export interface WorkspaceEditor {
  open(path: string): void;
  /** Replaces a file's text from outside (Reset, Solve) without echoing it back as a learner edit. */
  setContents(path: string, contents: string): void;
  focus(): void;
}

const LANGUAGES: Record<string, string> = {
  js: 'javascript',
  cjs: 'javascript',
  mjs: 'javascript',
  ts: 'typescript',
  json: 'json',
  html: 'html',
  css: 'css',
  md: 'markdown',
};

function languageOf(path: string): string {
  return LANGUAGES[path.split('.').pop() ?? ''] ?? 'plaintext';
}

export function createEditor(
  host: HTMLElement,
  readFile: (path: string) => string,
  onEdit: (path: string, contents: string) => void,
): WorkspaceEditor {
  host.replaceChildren();
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const editor = monaco.editor.create(host, {
    automaticLayout: true,
    fontSize: 14,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    tabSize: 2,
    theme: dark ? 'vs-dark' : 'vs',
    ariaLabel: 'Code editor',
  });
  const models = new Map<string, monaco.editor.ITextModel>();
  let applyingExternalChange = false;

  const modelFor = (path: string): monaco.editor.ITextModel => {
    let model = models.get(path);
    if (!model) {
      model = monaco.editor.createModel(readFile(path), languageOf(path), monaco.Uri.file(`/${path}`));
      model.onDidChangeContent(() => {
        if (!applyingExternalChange) onEdit(path, model!.getValue());
      });
      models.set(path, model);
    }
    return model;
  };

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
  };
}
