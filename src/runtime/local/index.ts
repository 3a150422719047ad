export { createLocalProvider, probeWorkshopServer } from './local-provider.ts';
export type { LocalProviderOptions } from './local-provider.ts';
