import type { ViewLink } from './source.ts';

/**
 * The panel tells a mounted view which item to show (a trace id, a log group...) by dispatching this event on the
 * view's host element, right after mounting and again whenever another view links to it. `MountView` stays a
 * plain function; a view that has nothing to focus on ignores the event.
 */
export const linkEvent = 'telemetry-link';

export function onLink(host: HTMLElement, listener: (link: ViewLink) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<ViewLink>).detail);
  host.addEventListener(linkEvent, handler);
  return () => host.removeEventListener(linkEvent, handler);
}

export function sendLink(host: HTMLElement, link: ViewLink): void {
  host.dispatchEvent(new CustomEvent<ViewLink>(linkEvent, { detail: link }));
}
