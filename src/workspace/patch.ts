import { formatPatch, structuredPatch, type StructuredPatch } from 'diff';

/** Text files by POSIX path, as everywhere in the workspace. */
export type FileMap = Record<string, string>;

const HIDDEN = /^\.workshop\//;

/**
 * A Git-style unified patch turning `base` into `current` (paths `a/backend/app.js b/backend/app.js`, new
 * files from /dev/null), which `git apply` accepts in a checkout of the starter app. Files equal on both
 * sides and the workshop's own hidden files are left out. Returns "" when nothing differs.
 */
export function buildPatch(base: FileMap, current: FileMap): string {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(current)])].filter((path) => !HIDDEN.test(path)).sort();
  const patches: StructuredPatch[] = [];
  for (const path of paths) {
    const before = base[path];
    const after = current[path];
    if (before === after) continue;
    const isCreate = before === undefined;
    const isDelete = after === undefined;
    const patch = structuredPatch(isCreate ? '/dev/null' : `a/${path}`, isDelete ? '/dev/null' : `b/${path}`, before ?? '', after ?? '', undefined, undefined, { context: 3 });
    patches.push({ ...patch, isGit: true, isCreate, isDelete, oldFileName: patch.oldFileName, newFileName: patch.newFileName });
  }
  // One file's patch after another with no blank line between them: git reads a blank line as hunk context.
  return patches.map((patch) => formatPatch(patch).replace(/\n*$/, '\n')).join('');
}

/** Paths whose text differs between two file maps (the solution diff's file list). */
export function changedPaths(a: FileMap, b: FileMap): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((path) => !HIDDEN.test(path) && a[path] !== b[path]).sort();
}
