/**
 * Full-text search over the lessons in the header, on Pagefind's index (dist/pagefind/, built by
 * src/scripts/build-types.ts). Pagefind's script loads on the first focus of the box, not with the page.
 */
interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: { title?: string }; sub_results?: { title: string; url: string; excerpt: string }[] }>;
}
interface Pagefind {
  init?(): Promise<void>;
  debouncedSearch(term: string, options?: object, debounceMs?: number): Promise<{ results: PagefindResult[] } | null>;
}

const MAX_RESULTS = 8;
let pagefind: Promise<Pagefind | null> | null = null;

function loadPagefind(): Promise<Pagefind | null> {
  pagefind ??= import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`)
    .then(async (module: Pagefind) => {
      await module.init?.();
      return module;
    })
    .catch(() => null);
  return pagefind;
}

export function wireSearch(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[type="search"]')!;
  const panel = form.querySelector<HTMLElement>('[data-search-results]')!;
  const status = form.querySelector<HTMLElement>('[data-search-status]')!;
  const list = form.querySelector<HTMLOListElement>('[data-search-list]')!;
  let latest = 0;

  const close = () => {
    panel.hidden = true;
  };
  const open = () => {
    panel.hidden = false;
  };

  const run = async () => {
    const term = input.value.trim();
    const ticket = ++latest;
    if (!term) {
      list.replaceChildren();
      status.textContent = '';
      close();
      return;
    }
    open();
    const engine = await loadPagefind();
    if (ticket !== latest) return;
    if (!engine) {
      status.textContent = 'Search is not available here (the site was not built with its search index).';
      return;
    }
    const search = await engine.debouncedSearch(term, {}, 150);
    if (search === null || ticket !== latest) return; // a newer keystroke superseded this search
    const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...found.map(renderResult));
    status.textContent = found.length === 0 ? `No lesson mentions “${term}”.` : `${search.results.length} ${search.results.length === 1 ? 'step matches' : 'steps match'} “${term}”.`;
  };

  input.addEventListener('focus', () => void loadPagefind(), { once: true });
  input.addEventListener('input', () => void run());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    list.querySelector<HTMLAnchorElement>('a')?.focus();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      event.preventDefault();
      close();
      input.focus();
    } else if (event.key === 'ArrowDown' && event.target === input) {
      event.preventDefault();
      list.querySelector<HTMLAnchorElement>('a')?.focus();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && event.target instanceof HTMLAnchorElement) {
      event.preventDefault();
      const links = [...list.querySelectorAll<HTMLAnchorElement>('a.search-result-link')];
      const index = links.indexOf(event.target);
      const next = event.key === 'ArrowDown' ? links[index + 1] : links[index - 1];
      (next ?? (event.key === 'ArrowUp' ? input : undefined))?.focus();
    }
  });
  form.addEventListener('focusout', (event) => {
    if (!form.contains(event.relatedTarget as Node | null)) close();
  });
  input.addEventListener('focus', () => {
    if (input.value.trim() && list.childElementCount > 0) open();
  });
}

function renderResult(result: Awaited<ReturnType<PagefindResult['data']>>): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'search-result';
  const link = document.createElement('a');
  link.className = 'search-result-link';
  link.href = result.url;
  link.textContent = result.meta.title ?? result.url;
  const excerpt = document.createElement('p');
  excerpt.className = 'search-excerpt';
  // Pagefind's excerpt is our own lesson text with <mark> around the hits; keep only that markup.
  excerpt.append(...markedText(result.excerpt));
  item.append(link, excerpt);
  return item;
}

function markedText(html: string): Node[] {
  const parts = html.split(/(<mark>.*?<\/mark>)/g);
  return parts.map((part) => {
    const marked = /^<mark>(.*)<\/mark>$/.exec(part);
    const text = decode((marked ? marked[1]! : part).replace(/<[^>]*>/g, ''));
    if (!marked) return document.createTextNode(text);
    const mark = document.createElement('mark');
    mark.textContent = text;
    return mark;
  });
}

function decode(text: string): string {
  const area = document.createElement('textarea');
  area.innerHTML = text;
  return area.value;
}
