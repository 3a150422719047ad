/** The service groups `cruddur-aws` knows. Adding one: a `<service>-commands.ts` beside this file and a line here. */
import type { ServiceGroup } from './command.ts';
import { xray } from './xray-commands.ts';

export const services: Record<string, ServiceGroup> = {
  [xray.name]: xray,
};
