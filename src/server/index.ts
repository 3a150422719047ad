export { createWorkshopServer } from './workshop-server.ts';
export type { WorkshopServer, WorkshopServerOptions } from './workshop-server.ts';
