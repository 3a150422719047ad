/**
 * `npm start`: builds the site when needed, then serves it with the local sandbox provider on loopback.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo.ts';
import { buildSite } from './build.ts';
import { siteNeedsBuild } from './build-freshness.ts';
import { createWorkshopServer } from '../server/index.ts';

const port = Number(process.env.PORT ?? 4321);

// Every sandbox links these in; without them the app dies with MODULE_NOT_FOUND, far from the real cause.
if (!existsSync(join(repoRoot, 'starter-app', 'node_modules', 'express', 'package.json'))) {
  console.error('The sandbox dependencies are missing (starter-app/node_modules). Run `npm install` first.');
  process.exit(1);
}

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
