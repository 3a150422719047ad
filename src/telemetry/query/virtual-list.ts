/**
 * A keyboard-navigable, virtualised list (@tanstack/virtual-core) for the telemetry views' long lists: only the rows
 * in view (plus overscan) are in the DOM, so 10,000 spans, traces or log events scroll smoothly. It is a listbox:
 * arrow keys, Page Up/Down, Home/End move the selection (aria-activedescendant), Enter or a click opens a row.
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { h, injectStyle, uid } from './dom.ts';

export interface VirtualList {
  readonly element: HTMLElement;
  /** New row count (the rows' content is re-rendered); keeps the selection when still in range. */
  update(count: number): void;
  select(index: number): void;
  readonly selected: number;
  destroy(): void;
}

export interface VirtualListOptions {
  label: string;
  rowHeight: number;
  renderRow(index: number): Node;
  /** Enter, double click or click: open that row. */
  onActivate?(index: number): void;
  /** Selection moved (keyboard or click). */
  onSelect?(index: number): void;
  /** Shown when there are no rows. */
  empty?: string;
}

export function createVirtualList(options: VirtualListOptions): VirtualList {
  injectStyle('tv-virtual-list', css);
  const id = uid('vl');
  const inner = h('div', { class: 'tv-vl-inner' });
  const emptyNote = h('p', { class: 'tv-vl-empty' }, options.empty ?? 'Nothing yet.');
  const element = h('div', { class: 'tv-vl', role: 'listbox', tabindex: 0, 'aria-label': options.label }, inner, emptyNote);
  let count = 0;
  let selected = -1;

  const virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
    count: 0,
    getScrollElement: () => element,
    estimateSize: () => options.rowHeight,
    overscan: 8,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: () => render(),
    // jsdom-free browsers report a real rect; before layout, assume a screenful so the first paint has rows.
    initialRect: { width: 800, height: 400 },
  });
  const cleanup = virtualizer._didMount();
  virtualizer._willUpdate();

  function render(): void {
    inner.style.height = `${virtualizer.getTotalSize()}px`;
    const rows: Node[] = [];
    for (const item of virtualizer.getVirtualItems()) {
      const row = h('div', {
        class: 'tv-vl-row',
        role: 'option',
        id: `${id}-${item.index}`,
        'aria-selected': item.index === selected ? 'true' : 'false',
        'aria-setsize': count,
        'aria-posinset': item.index + 1,
        'data-index': item.index,
        style: `transform: translateY(${item.start}px); height: ${options.rowHeight}px`,
      });
      row.append(options.renderRow(item.index));
      rows.push(row);
    }
    inner.replaceChildren(...rows);
    emptyNote.hidden = count > 0;
    if (selected >= 0 && selected < count) element.setAttribute('aria-activedescendant', `${id}-${selected}`);
    else element.removeAttribute('aria-activedescendant');
  }

  function select(index: number, scroll = true): void {
    if (count === 0) return;
    selected = Math.max(0, Math.min(count - 1, index));
    if (scroll) virtualizer.scrollToIndex(selected, { align: 'auto' });
    render();
    options.onSelect?.(selected);
  }

  element.addEventListener('keydown', (event) => {
    const page = Math.max(1, Math.floor(element.clientHeight / options.rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) select((selected < 0 ? -1 : selected) + (moves[event.key] ?? 0));
    else if (event.key === 'Home') select(0);
    else if (event.key === 'End') select(count - 1);
    else if (event.key === 'Enter' && selected >= 0) options.onActivate?.(selected);
    else return;
    event.preventDefault();
  });
  element.addEventListener('click', (event) => {
    const row = (event.target as Element).closest('.tv-vl-row');
    if (row === null) return;
    const index = Number(row.getAttribute('data-index'));
    select(index, false);
    options.onActivate?.(index);
  });

  return {
    element,
    update(next: number) {
      count = next;
      if (selected >= count) selected = count - 1;
      virtualizer.setOptions({ ...virtualizer.options, count });
      virtualizer._willUpdate();
      render();
    },
    select,
    get selected() {
      return selected;
    },
    destroy() {
      cleanup();
    },
  };
}

const css = `
.tv-vl { position: relative; overflow: auto; height: var(--tv-list-height, 22rem); border: 1px solid var(--border, #8884); border-radius: var(--radius, 4px); contain: content; }
.tv-vl:focus-visible { outline: 2px solid var(--accent, #4169e1); outline-offset: 1px; }
.tv-vl-inner { position: relative; width: 100%; }
.tv-vl-row { position: absolute; top: 0; left: 0; right: 0; display: flex; align-items: center; box-sizing: border-box; padding: 0 .5rem; border-bottom: 1px solid var(--border, #8882); cursor: pointer; white-space: nowrap; overflow: hidden; }
.tv-vl-row:hover { background: color-mix(in srgb, var(--accent, #4169e1) 8%, transparent); }
.tv-vl-row[aria-selected='true'] { background: color-mix(in srgb, var(--accent, #4169e1) 18%, transparent); box-shadow: inset 3px 0 0 var(--accent, #4169e1); }
.tv-vl-empty { position: absolute; inset: 0; margin: 0; padding: 1rem; color: var(--muted, #666); }
`;
