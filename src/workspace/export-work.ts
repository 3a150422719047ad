import { strToU8, zipSync } from 'fflate';
import { buildPatch, type FileMap } from './patch.ts';

/**
 * "Export": the current step's files as a zip, or as a patch against the starter app that `git apply` takes
 * in the learner's own checkout. Loaded only when asked for (fflate and jsdiff stay out of the page's first
 * JavaScript).
 */
const fileStem = (stepId: string) => `cruddur-${stepId.replace(/\//g, '--')}`;
const visible = (files: FileMap) => Object.entries(files).filter(([path]) => !path.startsWith('.workshop/'));

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadZip(stepId: string, files: FileMap): string {
  const entries = Object.fromEntries(visible(files).map(([path, contents]) => [`cruddur/${path}`, strToU8(contents)]));
  const name = `${fileStem(stepId)}.zip`;
  download(name, new Blob([zipSync(entries, { level: 6 })], { type: 'application/zip' }));
  return name;
}

/** Resolves with the file name, or null when the files equal the starter app (an empty patch helps nobody). */
export async function downloadPatch(stepId: string, files: FileMap): Promise<string | null> {
  const response = await fetch('/starter.json');
  if (!response.ok) throw new Error(`Could not load the starter app's files (HTTP ${response.status}).`);
  const starter = (await response.json()) as FileMap;
  const patch = buildPatch(starter, Object.fromEntries(visible(files)));
  if (!patch) return null;
  const name = `${fileStem(stepId)}.patch`;
  download(name, new Blob([patch], { type: 'text/x-diff' }));
  return name;
}
