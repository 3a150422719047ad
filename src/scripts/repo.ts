import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (scripts may be started from any directory). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
