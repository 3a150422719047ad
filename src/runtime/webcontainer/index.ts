export { createWebContainerProvider, WEBCONTAINER_SERVICES } from './webcontainer-provider.ts';
export type { WebContainerProviderOptions, WebContainerSource } from './webcontainer-provider.ts';
export type { WebContainerClass, WebContainerInstance } from './webcontainer-api.ts';
export { webContainerUnavailableReason, currentPageEnvironment } from './availability.ts';
export type { PageEnvironment } from './availability.ts';
