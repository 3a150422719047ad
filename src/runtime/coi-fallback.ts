/**
 * On hosts that cannot send COOP/COEP headers, registers `/coi-serviceworker.js` (which adds them) and reloads
 * once so the page comes back cross-origin isolated. A session flag stops reload loops when the browser refuses
 * (private windows, disabled service workers): WebContainer then reports that it cannot boot, and says why.
 */
import { parseRequestedProvider } from './choose-provider.ts';
import { probeWorkshopServer } from './local/index.ts';

const RELOAD_FLAG = 'cruddur-workshop:coi-reloaded';
const ACTIVATION_TIMEOUT_MS = 10_000;

export interface CoiEnvironment {
  crossOriginIsolated: boolean;
  hasServiceWorker: boolean;
  alreadyReloaded: boolean;
}

export type CoiAction = 'none' | 'register-and-reload' | 'give-up';

export function coiAction(env: CoiEnvironment): CoiAction {
  if (env.crossOriginIsolated) return 'none';
  if (!env.hasServiceWorker || env.alreadyReloaded) return 'give-up';
  return 'register-and-reload';
}

export async function ensureCrossOriginIsolation(scriptUrl = '/coi-serviceworker.js'): Promise<CoiAction> {
  const action = coiAction({
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hasServiceWorker: typeof navigator !== 'undefined' && 'serviceWorker' in navigator && window.isSecureContext,
    alreadyReloaded: sessionStorage.getItem(RELOAD_FLAG) === '1',
  });
  if (action === 'none') sessionStorage.removeItem(RELOAD_FLAG);
  if (action !== 'register-and-reload') return action;
  const activated = navigator.serviceWorker.register(scriptUrl).then(() => navigator.serviceWorker.ready);
  // A worker that is blocked (policy, extension, automation) can leave registration or `ready` pending forever.
  const ready = await Promise.race([activated, new Promise<null>((resolve) => setTimeout(() => resolve(null), ACTIVATION_TIMEOUT_MS))]);
  if (!ready?.active) return 'give-up';
  sessionStorage.setItem(RELOAD_FLAG, '1');
  location.reload();
  return action;
}

/** 'local': served by the workshop server, whose local sandbox needs no isolation, so nothing was registered. */
export type IsolationOutcome = CoiAction | 'local';

let served: Promise<boolean> | undefined;
let isolation: Promise<IsolationOutcome> | undefined;

/**
 * A static host answers the probe at once (404 or HTML); only a workshop server can be slow to answer, when the
 * learner's machine is busy. A short deadline then chose WebContainer for a page the local sandbox serves (seen on a
 * loaded CI machine), so the deadline is long.
 */
const PROBE_TIMEOUT_MS = 20_000;

/** Asked once per page load; the layout and the workspace boot share the answer. */
export function servedByWorkshopServer(): Promise<boolean> {
  served ??= probeWorkshopServer({ timeoutMs: PROBE_TIMEOUT_MS });
  return served;
}

/**
 * Run by the layout on every page, before the workspace boots (which awaits the same promise). On the workshop
 * server nothing is registered: its pages are isolated only when WebContainer is asked for (`?sandbox=webcontainer`),
 * and a service worker there would sit between the page and the local sandbox's own routes for no gain.
 */
export function prepareCrossOriginIsolation(scriptUrl = '/coi-serviceworker.js'): Promise<IsolationOutcome> {
  isolation ??= (async () => {
    if (globalThis.crossOriginIsolated === true) return ensureCrossOriginIsolation(scriptUrl);
    if (parseRequestedProvider(location.search) !== 'webcontainer' && (await servedByWorkshopServer())) return 'local';
    try {
      return await ensureCrossOriginIsolation(scriptUrl);
    } catch {
      // Registration refused (blocked by policy, storage disabled): the gate then explains that WebContainer cannot run.
      return 'give-up';
    }
  })();
  return isolation;
}
