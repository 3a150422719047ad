/**
 * Brings the lesson quizzes (Quiz.astro) to life: a picked choice is judged at once, its explanation shown and
 * announced, and the pick saved in localStorage so it is still there after a reload. Storage that is full or
 * blocked only loses the memory, never the feedback.
 */
const storagePrefix = 'cruddur-quiz:';

export function quizKey(path: string, quizId: string): string {
  return `${storagePrefix}${path}#${quizId}`;
}

export function setupQuizzes(root: ParentNode, path: string = location.pathname): void {
  for (const quiz of root.querySelectorAll<HTMLFieldSetElement>('fieldset[data-quiz]')) {
    if (quiz.dataset['ready'] !== undefined) continue;
    quiz.dataset['ready'] = '';
    const key = quizKey(path, quiz.dataset['quiz'] ?? '');
    const saved = readSaved(key);
    if (saved !== undefined) show(quiz, saved, false);
    quiz.addEventListener('change', (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
      const index = Number(input.value);
      show(quiz, index, true);
      save(key, index);
    });
  }
}

function show(quiz: HTMLFieldSetElement, index: number, announce: boolean): void {
  const choices = [...quiz.querySelectorAll<HTMLLIElement>('li[data-choice]')];
  const picked = choices[index];
  if (picked === undefined) return;
  for (const choice of choices) delete choice.dataset['picked'];
  picked.dataset['picked'] = '';
  const input = picked.querySelector<HTMLInputElement>('input[type="radio"]');
  if (input !== null) input.checked = true;
  const right = picked.dataset['correct'] === 'true';
  quiz.dataset['answered'] = right ? 'right' : 'wrong';
  const status = quiz.querySelector<HTMLElement>('[data-quiz-status]');
  if (status === null) return;
  const why = picked.querySelector<HTMLElement>('[data-why]')?.textContent?.trim() ?? '';
  // Saved answers are restored silently; only a fresh pick is announced to screen readers.
  status.textContent = announce ? why : right ? 'You answered this one.' : 'Your last answer is marked; try another choice.';
}

function readSaved(key: string): number | undefined {
  try {
    const value = localStorage.getItem(key);
    if (value === null || !/^\d+$/.test(value)) return undefined;
    return Number(value);
  } catch {
    return undefined;
  }
}

function save(key: string, index: number): void {
  try {
    localStorage.setItem(key, String(index));
  } catch {
    // Private mode or a full quota: the answer still shows, it just is not remembered.
  }
}
