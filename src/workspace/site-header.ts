import { wireThemeToggle } from "./theme.ts";
import { onEveryPage } from "./page-parts.ts";

/**
 * The header of every page: the theme toggle at once, the search box on first use (search.ts and Pagefind
 * stay out of the first JavaScript). Lesson pages swap the header with the step, so it is wired per page.
 */
onEveryPage(() => {
  const toggle = document.querySelector<HTMLButtonElement>(
    "[data-theme-toggle]",
  );
  const stopToggle = toggle ? wireThemeToggle(toggle) : () => undefined;
  wireSearchBox();
  return { dispose: stopToggle };
});

function wireSearchBox(): void {
  const form = document.querySelector<HTMLFormElement>("[data-site-search]");
  const input = form?.querySelector<HTMLInputElement>('input[type="search"]');
  if (form && input) {
    const start = () => {
      input.removeEventListener("focus", start);
      input.removeEventListener("input", start);
      void import("./search.ts").then(({ wireSearch }) => {
        wireSearch(form);
        // Whatever was typed while search.ts loaded still counts.
        if (input.value) input.dispatchEvent(new Event("input"));
      });
    };
    input.addEventListener("focus", start);
    input.addEventListener("input", start);
  }
}
