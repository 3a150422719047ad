import * as monaco from 'monaco-editor/editor/editor.api.js';
import './editor-features.ts';
import { followPageTheme } from './editor-theme.ts';
import { languageOf, registerUncheckedJavaScript } from './editor-languages.ts';
import { openModal } from './dialog.ts';
import { changedPaths, type FileMap } from './patch.ts';

/**
 * "Compare with solution": Monaco's diff editor in a modal dialog, the learner's file on the left and the
 * step's solution on the right, one file at a time from the list of files that differ. Read-only: taking the
 * solution is what Solve is for.
 */
export async function openSolutionDiff(learner: FileMap, solution: FileMap, preferredPath?: string): Promise<void> {
  registerUncheckedJavaScript();
  followPageTheme();
  const paths = changedPaths(learner, solution);
  const modal = openModal({ title: 'Compare with solution', className: 'diff-dialog' });
  modal.dialog.dataset.diffDialog = 'true';
  const done = document.createElement('button');
  done.type = 'button';
  done.className = 'button';
  done.textContent = 'Done';
  done.addEventListener('click', () => modal.close());
  modal.actions.append(done);

  if (paths.length === 0) {
    const same = document.createElement('p');
    same.textContent = 'Your files match the solution: there is nothing to compare.';
    modal.body.append(same);
    done.focus();
    await modal.closed;
    return;
  }

  const layout = document.createElement('div');
  layout.className = 'diff-layout';
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', 'Files that differ from the solution');
  const list = document.createElement('ul');
  list.className = 'diff-files';
  nav.append(list);
  const main = document.createElement('div');
  main.className = 'diff-main';
  const legend = document.createElement('p');
  legend.className = 'diff-legend';
  legend.id = `${modal.dialog.getAttribute('aria-labelledby')}-legend`;
  legend.textContent = 'Left: your file. Right: the solution. In the diff, F7 and Shift+F7 step through the changes.';
  const host = document.createElement('div');
  host.className = 'diff-host';
  main.append(legend, host);
  layout.append(nav, main);
  modal.body.append(layout);

  const diffEditor = monaco.editor.createDiffEditor(host, {
    readOnly: true,
    originalEditable: false,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    renderSideBySide: window.matchMedia('(min-width: 50rem)').matches,
    useInlineViewWhenSpaceIsLimited: true,
    fontSize: 13,
  });
  // The construction options' originalAriaLabel/modifiedAriaLabel do not reach the inner editors' input
  // element in this Monaco version (axe: aria-input-field-name); set them on the editors themselves.
  diffEditor.getOriginalEditor().updateOptions({ ariaLabel: 'Your file (read-only)' });
  diffEditor.getModifiedEditor().updateOptions({ ariaLabel: 'The solution (read-only)' });
  let models: monaco.editor.ITextModel[] = [];
  const buttons = new Map<string, HTMLButtonElement>();

  const show = (path: string) => {
    const language = languageOf(path, { checked: false });
    const original = monaco.editor.createModel(learner[path] ?? '', language);
    const modified = monaco.editor.createModel(solution[path] ?? '', language);
    diffEditor.setModel({ original, modified });
    for (const model of models) model.dispose();
    models = [original, modified];
    for (const [name, button] of buttons) {
      if (name === path) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
    modal.dialog.dataset.diffPath = path;
  };

  for (const path of paths) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'diff-file';
    button.dataset.path = path;
    const state = learner[path] === undefined ? 'only in the solution' : solution[path] === undefined ? 'only in your files' : 'changed';
    const name = document.createElement('span');
    name.textContent = path;
    const note = document.createElement('span');
    note.className = 'muted diff-file-state';
    note.textContent = state;
    button.append(name, note);
    button.addEventListener('click', () => show(path));
    buttons.set(path, button);
    item.append(button);
    list.append(item);
  }
  const first = preferredPath && paths.includes(preferredPath) ? preferredPath : paths[0]!;
  show(first);
  buttons.get(first)?.focus();

  await modal.closed;
  diffEditor.dispose();
  for (const model of models) model.dispose();
}
