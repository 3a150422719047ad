import { loadAllEdits, replaceAllEdits } from './persistence.ts';
import { loadProgress, loadTimeSpent, replaceProgress } from './progress.ts';
import { buildProgressFile, parseProgressFile } from './progress-file.ts';
import { confirmDialog } from './dialog.ts';

/** Export and import of everything this browser keeps about the course, as one JSON file (progress-file.ts). */
export async function exportProgress(): Promise<string> {
  const [completed, timeSpentMs, files] = await Promise.all([loadProgress(), loadTimeSpent(), loadAllEdits()]);
  const file = buildProgressFile({ completed, timeSpentMs, files }, new Date());
  const name = `cruddur-workshop-progress-${file.exportedAt.slice(0, 10)}.json`;
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export type ImportOutcome = { kind: 'imported'; messages: string[] } | { kind: 'invalid'; messages: string[] } | { kind: 'cancelled' };

/** Validates first; writes only after the learner confirms replacing what this browser has. */
export async function importProgress(file: File, knownSteps: readonly string[]): Promise<ImportOutcome> {
  const parsed = parseProgressFile(await file.text(), knownSteps);
  if (!parsed.ok) return { kind: 'invalid', messages: parsed.errors };
  const { completed, timeSpentMs, files } = parsed.data;
  const count = (record: object) => Object.keys(record).length;
  const summary = `${count(completed)} completed step(s), time for ${count(timeSpentMs)} step(s) and files for ${count(files)} step(s)`;
  const confirmed = await confirmDialog({
    title: 'Replace your progress?',
    description: `“${file.name}” has ${summary}. Importing replaces the progress and files this browser keeps now.`,
    confirmLabel: 'Replace with imported progress',
    cancelLabel: 'Keep what I have',
  });
  if (!confirmed) return { kind: 'cancelled' };
  await replaceProgress(completed, timeSpentMs);
  await replaceAllEdits(files);
  return { kind: 'imported', messages: [`Imported ${summary}.`, ...parsed.warnings] };
}
