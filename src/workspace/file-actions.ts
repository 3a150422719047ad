import { confirmDialog } from './dialog.ts';
import { diffFromStart } from './persistence.ts';
import { clearSolveSnapshot, loadSolveSnapshot, saveSolveSnapshot } from './solve-undo.ts';
import type { StepPayload } from './step-payload.ts';

type FileMap = Record<string, string>;

const sameFiles = (a: FileMap, b: FileMap) => {
  const keys = Object.keys(a).filter((path) => !path.startsWith('.workshop/'));
  return keys.length === Object.keys(b).filter((path) => !path.startsWith('.workshop/')).length && keys.every((path) => a[path] === b[path]);
};

/** Reset asks first when it would throw work away (files that differ from the step's start). */
export function wireReset(options: { payload: StepPayload; reset: HTMLButtonElement; files(): FileMap; apply(next: FileMap): Promise<void>; notify(text: string): void }): void {
  options.reset.addEventListener('click', async () => {
    const work = diffFromStart(options.files(), options.payload.start);
    const changed = Object.keys(work).filter((path) => !path.startsWith('.workshop/')).length;
    if (changed === 0) {
      options.notify('Your files are already as the step starts.');
      return;
    }
    const confirmed = await confirmDialog({
      title: 'Reset this step’s files?',
      description: `Reset puts back the step’s starting files and discards your changes to ${changed} file(s). Download your files first (Export) if you may want them later.`,
      confirmLabel: 'Discard my changes',
      cancelLabel: 'Keep my files',
    });
    if (!confirmed) return;
    await options.apply(options.payload.start);
    options.notify('The step’s starting files are back.');
  });
}

/**
 * Solve and Undo solve. Solve asks first whenever it would overwrite work (files that differ from the step's
 * start) and keeps what was there, persisted, until "Undo solve" brings it back.
 */
export function wireSolve(options: {
  stepId: string;
  payload: StepPayload;
  solve: HTMLButtonElement;
  undo: HTMLButtonElement;
  files(): FileMap;
  apply(next: FileMap): Promise<void>;
  notify(text: string): void;
}): void {
  const { stepId, payload, solve, undo } = options;
  const showUndo = (visible: boolean) => {
    undo.hidden = !visible;
    undo.disabled = !visible;
  };
  void loadSolveSnapshot(stepId).then((snapshot) => showUndo(snapshot !== null));

  solve.addEventListener('click', async () => {
    const current = options.files();
    if (sameFiles(current, payload.solution)) {
      options.notify('Your files already match the solution.');
      return;
    }
    const work = diffFromStart(current, payload.start);
    if (Object.keys(work).length > 0) {
      const confirmed = await confirmDialog({
        title: 'Replace your files with the solution?',
        description: `Solve overwrites the ${Object.keys(work).length} file(s) you changed in this step with the reference solution. “Undo solve” brings your version back.`,
        confirmLabel: 'Replace with the solution',
        cancelLabel: 'Keep my files',
      });
      if (!confirmed) return;
    }
    await saveSolveSnapshot(stepId, work);
    await options.apply(payload.solution);
    showUndo(true);
    options.notify('The solution is in your files. “Undo solve” brings back what you had.');
  });

  undo.addEventListener('click', async () => {
    const snapshot = await loadSolveSnapshot(stepId);
    if (!snapshot) return showUndo(false);
    await options.apply({ ...payload.start, ...snapshot.edits });
    await clearSolveSnapshot(stepId);
    // The button disappears: keep keyboard focus somewhere sensible.
    solve.focus();
    showUndo(false);
    options.notify('Your files from before Solve are back.');
  });
}
