/**
 * The hosted default: StackBlitz's WebContainer booted inside the page. Only one WebContainer can be
 * booted per page at a time and booting is expensive, so the booted instance is kept at module level
 * and shared by every `boot()`; it is dropped (torn down) only after it reported an internal error.
 */
import type { BootOptions } from '@webcontainer/api';
import { SandboxError } from '../sandbox.ts';
import type { Sandbox, SandboxProvider, SandboxServices } from '../sandbox.ts';
import { currentPageEnvironment, webContainerUnavailableReason } from './availability.ts';
import type { PageEnvironment } from './availability.ts';
import type { WebContainerClass, WebContainerInstance } from './webcontainer-api.ts';
import { WebContainerSandbox } from './webcontainer-sandbox.ts';

/** Inside a WebContainer every service keeps the bootcamp's port; it has its own network namespace. */
export const WEBCONTAINER_SERVICES: SandboxServices = Object.freeze({
  backendPort: 4567,
  frontendPort: 3000,
  otlpPort: 4318,
  xrayDaemonPort: 2000,
  awsApiPort: 4566,
  // WebContainer sets PATH and HOME itself; OTEL_* and friends are the caller's to add.
  env: Object.freeze({}) as Record<string, string>,
});

export type WebContainerSource = WebContainerClass | (() => Promise<WebContainerClass>);

export interface WebContainerProviderOptions {
  bootOptions?: BootOptions;
  /** Where services live; tests over the double point this at the real ports behind it. */
  services?: (instance: WebContainerInstance) => SandboxServices;
  /** Overrides the page checks of `unavailableReason()` (tests). */
  environment?: () => PageEnvironment;
}

const DEFAULT_BOOT_OPTIONS: BootOptions = { coep: 'credentialless', workdirName: 'cruddur' };

/** Per class, so tests with different doubles never share an instance. */
const booted = new WeakMap<WebContainerClass, Promise<WebContainerInstance>>();

export function createWebContainerProvider(source: WebContainerSource = loadWebContainer, options: WebContainerProviderOptions = {}): SandboxProvider {
  return {
    kind: 'webcontainer',
    unavailableReason: () => webContainerUnavailableReason((options.environment ?? currentPageEnvironment)()),
    async boot({ timeoutMs, signal }): Promise<Sandbox> {
      const instancePromise = (async () => {
        const WebContainer = await resolveClass(source);
        return { WebContainer, instance: await bootOnce(WebContainer, options.bootOptions ?? DEFAULT_BOOT_OPTIONS) };
      })();
      const { WebContainer, instance } = await withDeadline(instancePromise, timeoutMs, signal);
      const services = options.services?.(instance) ?? WEBCONTAINER_SERVICES;
      return new WebContainerSandbox(instance, services, (broken) => {
        if (!broken) return;
        if (booted.get(WebContainer) !== undefined) booted.delete(WebContainer);
        instance.teardown();
      });
    },
  };
}

function bootOnce(WebContainer: WebContainerClass, bootOptions: BootOptions): Promise<WebContainerInstance> {
  let pending = booted.get(WebContainer);
  if (!pending) {
    pending = WebContainer.boot(bootOptions).catch((error: unknown) => {
      booted.delete(WebContainer);
      throw new SandboxError('provider-unavailable', `WebContainer failed to start: ${error instanceof Error ? error.message : String(error)}`);
    });
    // A boot that outlives its caller's deadline is kept: the next boot() picks it up when it lands.
    booted.set(WebContainer, pending);
  }
  return pending;
}

async function resolveClass(source: WebContainerSource): Promise<WebContainerClass> {
  if (typeof (source as WebContainerClass).boot === 'function') return source as WebContainerClass;
  try {
    return await (source as () => Promise<WebContainerClass>)();
  } catch (error) {
    throw new SandboxError('provider-unavailable', `could not load WebContainer: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function loadWebContainer(): Promise<WebContainerClass> {
  return (await import('@webcontainer/api')).WebContainer;
}

function withDeadline<T>(promise: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new SandboxError(
          'boot-timeout',
          `WebContainer did not start within ${Math.round(timeoutMs / 1000)} s. It needs network access to StackBlitz and ` +
            'third-party cookies/storage allowed for it; reload to try again, or run the workshop locally with `npm install && npm start`.',
        ),
      );
    }, timeoutMs);
    const onAbort = () => {
      cleanup();
      reject(new SandboxError('boot-timeout', 'WebContainer start was cancelled'));
    };
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
