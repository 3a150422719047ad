import { bootSandbox, chooseProvider, parseRequestedProvider, type BootedSandbox } from '../runtime/choose-provider.ts';
import { createLocalProvider, probeWorkshopServer } from '../runtime/local/index.ts';
import { createWebContainerProvider, currentPageEnvironment, webContainerUnavailableReason } from '../runtime/webcontainer/index.ts';

const BOOT_TIMEOUT_MS = { local: 15_000, webcontainer: 45_000 };

/**
 * Picks and boots this page's sandbox: the local provider when the workshop server (`npm start`) serves the
 * page, WebContainer on a static host, either one on request with `?sandbox=local|webcontainer`.
 */
export async function bootWorkspaceSandbox(onProgress: (message: string) => void): Promise<BootedSandbox> {
  onProgress('Looking for a sandbox…');
  const servedByWorkshopServer = await probeWorkshopServer({ timeoutMs: 1_500 });
  const plan = chooseProvider({
    requested: parseRequestedProvider(location.search),
    servedByWorkshopServer,
    webContainerUnavailableReason: webContainerUnavailableReason(currentPageEnvironment()),
  });
  onProgress(plan.attempts[0] === 'webcontainer' ? 'Booting WebContainer (loading the runtime)…' : 'Connecting to the local sandbox…');
  return bootSandbox(
    plan,
    { local: createLocalProvider(), webcontainer: createWebContainerProvider() },
    { timeoutMs: BOOT_TIMEOUT_MS, onNotice: onProgress },
  );
}
