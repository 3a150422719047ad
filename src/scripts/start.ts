/**
 * `npm start`: builds the site when needed, then serves it with the local sandbox provider on loopback.
 */
import { join } from 'node:path';
import { repoRoot } from './repo.ts';
import { buildSite } from './build.ts';
import { siteNeedsBuild } from './build-freshness.ts';
import { createWorkshopServer } from '../server/index.ts';

const port = Number(process.env.PORT ?? 4321);

if (siteNeedsBuild()) {
  console.log('Building the workshop site (first start, or sources changed)…');
  await buildSite();
}

const server = await createWorkshopServer({ siteDir: join(repoRoot, 'dist'), port });
console.log(`\nCruddur Observability Workshop is running at http://localhost:${server.port}/\n(Node ${process.version}; press Ctrl+C to stop)`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
