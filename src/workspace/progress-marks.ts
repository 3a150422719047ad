import { loadProgress } from './progress.ts';

/** Marks completed steps in any list of step links (course overview). */
export async function markCompletedSteps(root: ParentNode): Promise<void> {
  const progress = await loadProgress();
  for (const mark of root.querySelectorAll<HTMLElement>('[data-progress-for]')) {
    const stepId = mark.dataset.progressFor ?? '';
    if (progress[stepId]) {
      mark.textContent = '✓ done';
      mark.classList.add('done');
    }
  }
}
