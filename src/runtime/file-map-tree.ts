import type { FileSystemTree } from './sandbox.ts';

/** Converts `{ "backend/app.js": "..." }` into the nested tree `mount()` takes. */
export function fileMapToTree(files: Record<string, string | Uint8Array>): FileSystemTree {
  const root: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/').filter(Boolean);
    const fileName = parts.pop();
    if (!fileName) continue;
    let dir = root;
    for (const part of parts) {
      const existing = dir[part];
      if (existing && 'directory' in existing) dir = existing.directory;
      else {
        const created: FileSystemTree = {};
        dir[part] = { directory: created };
        dir = created;
      }
    }
    dir[fileName] = { file: { contents } };
  }
  return root;
}
