/**
 * The trace list: one row per trace (root span, service, duration, span count, errors, time), newest first, in a
 * virtualised listbox. The list keeps focus and points at the active row with aria-activedescendant, so arrow keys
 * work even when the active row is scrolled out and not in the DOM.
 */
import { createVirtualRows } from '../ui/virtual-rows.ts';
import { el, formatClock } from '../ui/dom.ts';
import type { TraceSummary } from './trace-index.ts';
import { formatDuration } from './waterfall-layout.ts';

const rowHeight = 44;

export interface TraceList {
  show(summaries: TraceSummary[], selected: string | undefined): void;
  destroy(): void;
}

export function createTraceList(host: HTMLElement, onSelect: (traceId: string) => void): TraceList {
  const scroller = el('div', { class: 'tm-trace-list', attrs: { role: 'listbox', tabindex: '0', 'aria-label': 'Traces, newest first' } });
  host.append(scroller);
  let items: TraceSummary[] = [];
  let selected: string | undefined;
  let active = 0;
  const idOf = (index: number) => `tm-trace-${items[index]?.traceId ?? index}`;
  const rows = createVirtualRows(scroller, rowHeight, (index, row) => {
    const trace = items[index];
    if (!trace) return;
    row.className = 'tm-trace-row';
    row.id = idOf(index);
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', String(trace.traceId === selected));
    row.setAttribute('aria-posinset', String(index + 1));
    row.setAttribute('aria-setsize', String(items.length));
    if (index === active) row.classList.add('tm-active');
    row.dataset.traceId = trace.traceId;
    const errors = trace.errorCount > 0 ? el('span', { class: 'tm-badge tm-error', text: `⚠ ${trace.errorCount} error${trace.errorCount === 1 ? '' : 's'}` }) : '';
    row.append(
      el('span', { class: 'tm-trace-title' }, el('span', { class: 'tm-service', text: trace.rootService }), ' ', el('strong', { text: trace.rootName }), trace.rootMissing ? el('span', { class: 'tm-badge', text: 'root not received' }) : ''),
      el(
        'span',
        { class: 'tm-trace-meta' },
        el('span', { text: formatDuration(trace.durationUs) }),
        el('span', { text: `${trace.spanCount} span${trace.spanCount === 1 ? '' : 's'}` }),
        errors,
        el('time', { text: formatClock(trace.startUs / 1000), attrs: { datetime: new Date(trace.startUs / 1000).toISOString() } }),
        el('code', { class: 'tm-id', text: trace.traceId.slice(0, 8), attrs: { title: trace.traceId } }),
      ),
    );
    row.addEventListener('click', () => {
      active = index;
      choose();
    });
  });
  const choose = () => {
    const trace = items[active];
    if (trace) onSelect(trace.traceId);
  };
  const setActive = (index: number) => {
    if (items.length === 0) return;
    active = Math.max(0, Math.min(items.length - 1, index));
    scroller.setAttribute('aria-activedescendant', idOf(active));
    rows.scrollToIndex(active);
  };
  scroller.addEventListener('keydown', (event) => {
    const page = Math.max(1, Math.floor(scroller.clientHeight / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: items.length - 1 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      setActive(target);
      choose();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose();
    }
  });
  return {
    show(summaries, selectedId) {
      const activeId = items[active]?.traceId;
      items = summaries;
      selected = selectedId;
      const keep = items.findIndex((trace) => trace.traceId === (activeId ?? selectedId));
      active = keep >= 0 ? keep : 0;
      if (items.length > 0) scroller.setAttribute('aria-activedescendant', idOf(active));
      else scroller.removeAttribute('aria-activedescendant');
      rows.setCount(items.length);
    },
    destroy() {
      rows.destroy();
      scroller.remove();
    },
  };
}
