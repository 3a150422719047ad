/**
 * A fixed-height virtualised list over @tanstack/virtual-core: only the rows in view (plus overscan) exist in the
 * DOM, so a trace of 10,000 spans scrolls as smoothly as one of ten. Rows are positioned absolutely inside a
 * spacer as tall as the whole list. Row elements are rebuilt per frame; a row's content is cheap to render.
 */
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';

export interface VirtualRows {
  setCount(count: number): void;
  /** Redraws the rows in view (after their data changed). */
  refresh(): void;
  scrollToIndex(index: number): void;
  destroy(): void;
}

export function createVirtualRows(scroller: HTMLElement, rowHeight: number, renderRow: (index: number, row: HTMLElement) => void): VirtualRows {
  const spacer = document.createElement('div');
  spacer.className = 'tm-virtual-spacer';
  scroller.append(spacer);
  let frame = 0;
  const draw = () => {
    frame = 0;
    spacer.style.height = `${virtualizer.getTotalSize()}px`;
    const items = virtualizer.getVirtualItems();
    const rows: HTMLElement[] = [];
    for (const item of items) {
      const row = document.createElement('div');
      row.style.transform = `translateY(${item.start}px)`;
      row.style.height = `${rowHeight}px`;
      row.dataset.index = String(item.index);
      renderRow(item.index, row);
      rows.push(row);
    }
    spacer.replaceChildren(...rows);
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };
  const options = {
    count: 0,
    getScrollElement: () => scroller,
    estimateSize: () => rowHeight,
    overscan: 12,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: schedule,
  };
  const virtualizer = new Virtualizer<HTMLElement, HTMLElement>(options);
  const unmount = virtualizer._didMount();
  virtualizer._willUpdate();
  return {
    setCount(count) {
      virtualizer.setOptions({ ...options, count });
      virtualizer._willUpdate();
      draw();
    },
    refresh: draw,
    scrollToIndex(index) {
      virtualizer.scrollToIndex(index, { align: 'auto' });
      draw();
    },
    destroy() {
      cancelAnimationFrame(frame);
      unmount();
      spacer.remove();
    },
  };
}
