/**
 * On hosts that cannot send COOP/COEP headers, registers `/coi-serviceworker.js` (which adds them) and reloads
 * once so the page comes back cross-origin isolated. A session flag stops reload loops when the browser refuses
 * (private windows, disabled service workers): WebContainer then reports that it cannot boot, and says why.
 */
const RELOAD_FLAG = 'cruddur-workshop:coi-reloaded';

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
  const registration = await navigator.serviceWorker.register(scriptUrl);
  await navigator.serviceWorker.ready;
  if (registration.active) {
    sessionStorage.setItem(RELOAD_FLAG, '1');
    location.reload();
  }
  return action;
}
