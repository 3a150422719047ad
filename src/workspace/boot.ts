import { bootSandbox, chooseProvider, parseRequestedProvider, type BootedSandbox } from '../runtime/choose-provider.ts';
import { servedByWorkshopServer } from '../runtime/coi-fallback.ts';
import { createLocalProvider } from '../runtime/local/index.ts';
import { createWebContainerProvider, currentPageEnvironment, webContainerUnavailableReason } from '../runtime/webcontainer/index.ts';
import { browserFacts, gateSandbox } from './browser-gate.ts';

// Local: a busy machine can take a while to create the session (ports, folder, first socket message).
const BOOT_TIMEOUT_MS = { local: 30_000, webcontainer: 45_000 };

/**
 * Picks and boots this page's sandbox: the local provider when the workshop server (`npm start`) serves the
 * page, WebContainer on a static host, either one on request with `?sandbox=local|webcontainer`.
 */
export async function bootWorkspaceSandbox(
  onProgress: (message: string) => void,
  startWhenAsked: (reason: string) => Promise<void> = async () => {},
): Promise<BootedSandbox> {
  const plan = chooseProvider({
    requested: parseRequestedProvider(location.search),
    servedByWorkshopServer: await servedByWorkshopServer(),
    webContainerUnavailableReason: webContainerUnavailableReason(currentPageEnvironment()),
  });
  const verdict = gateSandbox(plan, browserFacts());
  if (verdict.kind === 'blocked') throw new GateBlocked(verdict.reason);
  if (verdict.kind === 'ask') await startWhenAsked(verdict.reason);
  onProgress(plan.attempts[0] === 'webcontainer' ? 'loading WebContainer from StackBlitz' : 'connecting to the local sandbox');
  return bootSandbox(
    plan,
    { local: createLocalProvider(), webcontainer: createWebContainerProvider() },
    { timeoutMs: BOOT_TIMEOUT_MS, onNotice: onProgress },
  );
}

/** This browser cannot run any sandbox here; the lesson stays readable and the message says what to do. */
export class GateBlocked extends Error {}
