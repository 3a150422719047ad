/** Read-only access to the learner's files for `pickHint`: confined to the sandbox root, small files only. */
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { SourceReader } from '../../checks/types.ts';

const maxBytes = 256 * 1024;

export function createSourceReader(root: string): SourceReader {
  const base = resolve(root);
  return {
    async read(path: string): Promise<string | undefined> {
      const full = resolve(base, path.replace(/^\/+/, ''));
      const rel = relative(base, full);
      if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('node_modules')) return undefined;
      try {
        const info = await stat(full);
        if (!info.isFile() || info.size > maxBytes) return undefined;
        return await readFile(full, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
