/**
 * Page scripts on pages that Astro's ClientRouter swaps (lesson pages): a module runs once per document, so what
 * it sets up for "the page" must run again for every page shown, and end before the next one replaces it.
 * No import of astro:transitions here, so pages without the router (the course overview) do not load it.
 */
import type { TransitionBeforePreparationEvent } from 'astro:transitions/client';

/** The ClientRouter marks the pages it handles with this meta element. */
function clientNavigation(): boolean {
  return document.querySelector('meta[name="astro-view-transitions-enabled"]') !== null;
}

/** What a page part hands back when it starts: how to save before the page goes, and how to stop. */
export interface PagePart {
  /** Awaited before the next page is fetched, so nothing typed is lost or saved under the wrong step. */
  flush?(): Promise<void>;
  dispose(): void;
}

/**
 * Runs `start` for the page shown now and, where the ClientRouter swaps pages, for each page after it; the
 * previous page's part is flushed before the next page is fetched and disposed of before the swap.
 */
export function onEveryPage(start: () => PagePart | void): void {
  let part: PagePart | null = null;
  // The first page starts at once, not at Astro's first page-load (that waits for the window's load event).
  let startedOn: HTMLElement | null = null;
  const run = () => {
    if (startedOn === document.body) return;
    startedOn = document.body;
    part = start() ?? null;
  };
  run();
  if (!clientNavigation()) return;
  document.addEventListener('astro:page-load', run);
  document.addEventListener('astro:before-preparation', (event) => {
    const preparation = event as TransitionBeforePreparationEvent;
    const load = preparation.loader;
    const leaving = part;
    preparation.loader = async () => {
      await leaving?.flush?.().catch(() => undefined);
      await load();
    };
  });
  document.addEventListener('astro:before-swap', () => {
    part?.dispose();
    part = null;
  });
}

