import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkshopServer } from '../../src/server/index.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The real `npm start` server on an ephemeral port, serving the built site, with throwaway session dirs.
 * WORKSHOP_TEST_SITE_DIR serves a copy of dist/ instead (while someone else rebuilds dist/ in the same checkout).
 */
export async function startTestWorkshop() {
  const sessionsRoot = mkdtempSync(join(tmpdir(), 'workshop-sessions-'));
  const siteDir = process.env.WORKSHOP_TEST_SITE_DIR || join(repoRoot, 'dist');
  const server = await createWorkshopServer({ siteDir, port: 0, sessionsRoot });
  return {
    url: server.url,
    async close() {
      await server.close();
      rmSync(sessionsRoot, { recursive: true, force: true });
    },
  };
}
