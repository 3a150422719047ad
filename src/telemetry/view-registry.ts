/**
 * Which views the panel offers and where their code lives. Every view is a separate chunk loaded the first time
 * its tab opens. The Query, X-Ray, Rollbar and Logs views are built separately: import.meta.glob finds their
 * `view.ts` when it exists, so the site builds (and says "not available yet") before they do.
 */
import type { MountView } from './source.ts';

export type ViewName = 'traces' | 'query' | 'xray' | 'rollbar' | 'logs' | 'requests';

export const viewTitles: Record<ViewName, string> = { traces: 'Traces', query: 'Query', xray: 'X-Ray', rollbar: 'Rollbar', logs: 'Logs', requests: 'Requests' };
export const viewOrder: readonly ViewName[] = ['traces', 'query', 'xray', 'rollbar', 'logs', 'requests'];

const externalViews = import.meta.glob<{ mount: MountView }>(['./query/view.ts', './xray/view.ts', './rollbar/view.ts', './logs/view.ts']);

/** The view's mount function, or undefined when that view has not been built yet. */
export async function loadExternalView(name: Exclude<ViewName, 'traces' | 'requests'>): Promise<MountView | undefined> {
  const load = externalViews[`./${name}/view.ts`];
  if (!load) return undefined;
  const module = await load();
  return typeof module.mount === 'function' ? module.mount : undefined;
}
