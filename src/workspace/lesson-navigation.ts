/**
 * Moving between lesson steps without reloading the page, so the sandbox booted on the first step keeps running
 * (sandbox-visit.ts). Astro's ClientRouter (on lesson pages only, see Base.astro) fetches the next page; this
 * module decides what of it replaces what (page-parts.ts gives each page's scripts a start and an end).
 *
 * The swap replaces the body and the title, and keeps the head's runtime styles: Monaco and xterm add theirs
 * once, when first loaded, and the default swap would remove them. The root element's attributes (theme, panel
 * sizes) stay too, since they belong to the learner, not to the page. The visit's query parameters
 * (`?sandbox=`, `?telemetry=`) go on to the next step's address.
 */
import { swapFunctions, type TransitionBeforePreparationEvent, type TransitionBeforeSwapEvent } from 'astro:transitions/client';
import { carryVisitParams } from './visit-params.ts';

function mergeHead(next: Document): void {
  document.title = next.title;
  const description = next.head.querySelector<HTMLMetaElement>('meta[name="description"]');
  const currentDescription = document.head.querySelector<HTMLMetaElement>('meta[name="description"]');
  if (description && currentDescription) currentDescription.content = description.content;
  for (const element of Array.from(next.head.children)) {
    if (element.matches('link[rel="stylesheet"]')) {
      const href = element.getAttribute('href');
      if (href && !document.head.querySelector(`link[rel="stylesheet"][href="${CSS.escape(href)}"]`)) document.head.append(element);
    } else if (element instanceof HTMLStyleElement) {
      if (![...document.head.querySelectorAll('style')].some((style) => style.textContent === element.textContent)) document.head.append(element);
    } else if (element instanceof HTMLScriptElement && element.src) {
      // Appended unrun; Astro runs the scripts it has not run yet once the swap is done.
      if (![...document.head.querySelectorAll('script')].some((script) => script.src === element.src)) document.head.append(element);
    }
  }
}

let installed = false;

/** Installs the lesson swap once per document (the module runs once, however many pages follow). */
export function installLessonSwap(): void {
  if (installed) return;
  installed = true;
  document.addEventListener('astro:before-preparation', (event) => {
    const preparation = event as TransitionBeforePreparationEvent;
    preparation.to = carryVisitParams(new URL(location.href), preparation.to);
  });
  document.addEventListener('astro:before-swap', (event) => {
    const swap = event as TransitionBeforeSwapEvent;
    swap.swap = () => {
      swapFunctions.deselectScripts(swap.newDocument);
      mergeHead(swap.newDocument);
      const restoreFocus = swapFunctions.saveFocus();
      swapFunctions.swapBodyElement(swap.newDocument.body, document.body);
      restoreFocus();
    };
  });
}
