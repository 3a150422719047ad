import { loadAllEdits } from './persistence.ts';
import { loadProgress, loadTimeSpent } from './progress.ts';
import { formatDuration } from './active-time.ts';

/**
 * The course overview's live parts: per step done / in progress / not started and active time, per chapter
 * and for the course how many steps are done; and the export / import of progress and files.
 */
export async function renderCourseProgress(root: ParentNode): Promise<void> {
  const [progress, time, edits] = await Promise.all([loadProgress(), loadTimeSpent(), loadAllEdits()]);
  let total = 0;
  for (const mark of root.querySelectorAll<HTMLElement>('[data-progress-for]')) {
    const stepId = mark.dataset.progressFor ?? '';
    const done = Boolean(progress[stepId]);
    const started = done || stepId in edits || (time[stepId] ?? 0) > 0;
    mark.textContent = done ? '✓ done' : started ? '◐ in progress' : '○ not started';
    mark.classList.toggle('done', done);
    mark.dataset.state = done ? 'done' : started ? 'started' : 'new';
  }
  for (const spent of root.querySelectorAll<HTMLElement>('[data-time-for]')) {
    const ms = time[spent.dataset.timeFor ?? ''] ?? 0;
    total += ms;
    spent.dataset.timeMs = String(ms);
    spent.textContent = ms > 0 ? formatDuration(ms) : '';
    // "Time spent:" (read by screen readers) only next to a time.
    if (spent.parentElement) spent.parentElement.hidden = ms === 0;
  }
  for (const counter of root.querySelectorAll<HTMLElement>('[data-chapter-count]')) {
    const ids = (counter.dataset.chapterCount ?? '').split(' ').filter(Boolean);
    counter.textContent = `${ids.filter((id) => progress[id]).length} of ${ids.length} steps done`;
  }
  const summary = root.querySelector<HTMLElement>('[data-course-summary]');
  if (summary) {
    const ids = [...root.querySelectorAll<HTMLElement>('[data-progress-for]')].map((mark) => mark.dataset.progressFor ?? '');
    const done = ids.filter((id) => progress[id]).length;
    summary.textContent = `${done} of ${ids.length} steps done · ${formatDuration(total)} of active work`;
  }
}

export function wireProgressTransfer(root: ParentNode, knownSteps: readonly string[]): void {
  const exportButton = root.querySelector<HTMLButtonElement>('[data-action="export-progress"]');
  const importButton = root.querySelector<HTMLButtonElement>('[data-action="import-progress"]');
  const fileInput = root.querySelector<HTMLInputElement>('[data-import-file]');
  const status = root.querySelector<HTMLElement>('[data-transfer-status]');
  const errors = root.querySelector<HTMLElement>('[data-transfer-errors]');
  if (!exportButton || !importButton || !fileInput || !status || !errors) return;
  const report = (messages: string[], isError: boolean) => {
    const list = document.createElement('ul');
    list.append(...messages.map((message) => Object.assign(document.createElement('li'), { textContent: message })));
    // Errors go to the alert region (announced at once), success to the polite status.
    errors.replaceChildren(...(isError ? [Object.assign(document.createElement('p'), { textContent: 'The file was not imported:' }), list] : []));
    status.replaceChildren(...(isError ? [] : [list]));
  };

  exportButton.addEventListener('click', async () => {
    const { exportProgress } = await import('./progress-transfer.ts');
    report([`Downloaded ${await exportProgress()}.`], false);
  });
  importButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    const { importProgress } = await import('./progress-transfer.ts');
    const outcome = await importProgress(file, knownSteps);
    if (outcome.kind === 'cancelled') return;
    report(outcome.messages, outcome.kind === 'invalid');
    if (outcome.kind === 'imported') await renderCourseProgress(document);
  });
}
