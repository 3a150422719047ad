/** Why WebContainer cannot run on this page, checked without loading it. */
export interface PageEnvironment {
  isBrowser: boolean;
  crossOriginIsolated: boolean;
  hasSharedArrayBuffer: boolean;
}

export function currentPageEnvironment(): PageEnvironment {
  const scope = globalThis as { window?: unknown; document?: unknown; crossOriginIsolated?: boolean };
  return {
    isBrowser: typeof scope.window === 'object' && typeof scope.document === 'object',
    crossOriginIsolated: scope.crossOriginIsolated === true,
    hasSharedArrayBuffer: typeof SharedArrayBuffer === 'function',
  };
}

export function webContainerUnavailableReason(environment: PageEnvironment): string | null {
  if (!environment.isBrowser) return 'WebContainer runs only inside a browser page.';
  if (!environment.crossOriginIsolated) {
    return 'This page is not cross-origin isolated (it was served without COOP/COEP headers), so WebContainer cannot start.';
  }
  if (!environment.hasSharedArrayBuffer) {
    return 'This browser does not provide SharedArrayBuffer, which WebContainer needs; use a recent Chrome, Edge or Firefox.';
  }
  return null;
}
