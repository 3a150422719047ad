/**
 * True when the module at `moduleUrl` is the script Node was started with. `import.meta.main` would do, but it is
 * missing from the Node 22 that WebContainer runs; this works there, from source and from a bundle.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
