/**
 * The waterfall of one trace, in the manner of Jaeger UI: one row per span, indented by depth, with its service
 * and name on the left and a bar on the shared time axis on the right. A tree (role="tree") driven from the
 * keyboard: Up/Down move, Right opens or enters a subtree, Left closes it or goes to the parent, Enter shows the
 * span's details. Errors carry a ⚠ mark and the word "error", and bars of errors are hatched: never colour alone.
 */
import { createVirtualRows } from '../ui/virtual-rows.ts';
import { el, serviceHue } from '../ui/dom.ts';
import type { SpanJson } from './span.ts';
import { barFor, buildTree, formatDuration, ticksFor, visibleRows, type SpanTree, type WaterfallRow } from './waterfall-layout.ts';

const rowHeight = 28;

export interface Waterfall {
  show(traceId: string, spans: SpanJson[]): void;
  /** Selects a span by id (e.g. after a link), opening its ancestors. */
  select(spanId: string): void;
  destroy(): void;
}

export function createWaterfall(host: HTMLElement, onSpan: (span: SpanJson | undefined, tree: SpanTree) => void): Waterfall {
  const axis = el('div', { class: 'tm-axis', attrs: { 'aria-hidden': 'true' } });
  const header = el('div', { class: 'tm-waterfall-header' }, el('span', { class: 'tm-axis-label', text: 'Service and span' }), axis);
  const scroller = el('div', { class: 'tm-waterfall', attrs: { role: 'tree', tabindex: '0', 'aria-label': 'Spans of the trace' } });
  host.append(header, scroller);
  let tree: SpanTree = buildTree([]);
  let traceId = '';
  let collapsed = new Set<string>();
  let rowsData: WaterfallRow[] = [];
  let active = 0;
  let selected: string | undefined;

  const idOf = (spanId: string) => `tm-span-${spanId}`;
  const axisSpan = () => Math.max(1, tree.endUs - tree.startUs);
  const rows = createVirtualRows(scroller, rowHeight, (index, row) => {
    const data = rowsData[index];
    if (!data) return;
    const { node, depth } = data;
    const span = node.span;
    const isError = span.status.code === 'error';
    row.className = 'tm-span-row';
    row.id = idOf(span.spanId);
    row.setAttribute('role', 'treeitem');
    row.setAttribute('aria-level', String(depth + 1));
    row.setAttribute('aria-selected', String(span.spanId === selected));
    if (node.children.length > 0) row.setAttribute('aria-expanded', String(!data.collapsed));
    if (index === active) row.classList.add('tm-active');
    if (isError) row.classList.add('tm-has-error');
    row.dataset.spanId = span.spanId;
    row.dataset.spanName = span.name;
    row.dataset.depth = String(depth);
    row.dataset.kind = span.kind;
    if (span.parentSpanId) row.dataset.parentSpanId = span.parentSpanId;
    const hue = serviceHue(data.service);
    const toggle = node.children.length > 0 ? el('span', { class: 'tm-toggle', text: data.collapsed ? '▸' : '▾', attrs: { 'aria-hidden': 'true' } }) : el('span', { class: 'tm-toggle' });
    toggle.addEventListener('click', (event) => {
      event.stopPropagation();
      toggleRow(index);
    });
    const label = el(
      'span',
      { class: 'tm-span-label', attrs: { style: `padding-inline-start: ${Math.min(depth, 40) * 14}px` } },
      toggle,
      el('span', { class: 'tm-service-chip', attrs: { style: `--tm-hue: ${hue}` } }),
      el('span', { class: 'tm-service', text: data.service }),
      el('span', { class: 'tm-span-name', text: span.name }),
      isError ? el('span', { class: 'tm-badge tm-error', text: '⚠ error' }) : '',
      node.orphan ? el('span', { class: 'tm-badge', text: 'parent not received' }) : '',
      data.collapsed ? el('span', { class: 'tm-badge', text: `+${node.descendants}`, attrs: { title: `${node.descendants} spans hidden` } }) : '',
      // The bar is drawn for the eye; its numbers are read out from here.
      el('span', { class: 'visually-hidden', text: `, ${formatDuration(node.endUs - node.startUs)}, starts at ${formatDuration(node.startUs - tree.startUs)}${data.collapsed ? `, ${node.descendants} spans hidden` : ''}` }),
    );
    const bar = barFor(node.startUs, node.endUs, tree.startUs, axisSpan());
    const duration = el('span', { class: 'tm-duration', text: formatDuration(node.endUs - node.startUs) });
    // The label sits right of the bar, or left of it when the bar reaches the end of the axis.
    duration.style.cssText = bar.left + bar.width > 75 ? `right: ${100 - bar.left + 0.5}%` : `left: ${bar.left + bar.width + 0.5}%`;
    const track = el(
      'span',
      { class: 'tm-track', attrs: { 'aria-hidden': 'true' } },
      el('span', { class: `tm-bar${isError ? ' tm-bar-error' : ''}`, attrs: { style: `left: ${bar.left}%; width: ${bar.width}%; --tm-hue: ${hue}` } }),
      duration,
    );
    row.append(label, track);
    row.addEventListener('click', () => {
      setActive(index);
      pick();
    });
  });

  const drawAxis = () => {
    axis.replaceChildren(...ticksFor(axisSpan(), 5).map((tick) => el('span', { class: 'tm-tick', text: tick.label, attrs: { style: `left: ${tick.percent}%` } })));
  };
  const recompute = () => {
    rowsData = visibleRows(tree, collapsed);
    active = Math.max(0, Math.min(active, rowsData.length - 1));
    rows.setCount(rowsData.length);
    const row = rowsData[active];
    if (row) scroller.setAttribute('aria-activedescendant', idOf(row.node.span.spanId));
  };
  const setActive = (index: number) => {
    if (rowsData.length === 0) return;
    active = Math.max(0, Math.min(rowsData.length - 1, index));
    const row = rowsData[active];
    if (row) scroller.setAttribute('aria-activedescendant', idOf(row.node.span.spanId));
    rows.scrollToIndex(active);
  };
  const pick = () => {
    selected = rowsData[active]?.node.span.spanId;
    rows.refresh();
    onSpan(rowsData[active]?.node.span, tree);
  };
  const toggleRow = (index: number) => {
    const row = rowsData[index];
    if (!row || row.node.children.length === 0) return;
    const id = row.node.span.spanId;
    if (collapsed.has(id)) collapsed.delete(id);
    else collapsed.add(id);
    active = index;
    recompute();
  };
  scroller.addEventListener('keydown', (event) => {
    const row = rowsData[active];
    const page = Math.max(1, Math.floor(scroller.clientHeight / rowHeight) - 1);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown': setActive(active + 1); break;
      case 'ArrowUp': setActive(active - 1); break;
      case 'PageDown': setActive(active + page); break;
      case 'PageUp': setActive(active - page); break;
      case 'Home': setActive(0); break;
      case 'End': setActive(rowsData.length - 1); break;
      case 'ArrowRight':
        if (row && row.collapsed) toggleRow(active);
        else if (row && row.node.children.length > 0) setActive(active + 1);
        break;
      case 'ArrowLeft':
        if (row && row.node.children.length > 0 && !row.collapsed) toggleRow(active);
        else if (row) {
          const parent = rowsData.findIndex((candidate) => candidate.node.span.spanId === row.node.span.parentSpanId);
          if (parent >= 0) setActive(parent);
        }
        break;
      case 'Enter':
      case ' ':
        pick();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });

  return {
    show(nextTraceId, spans) {
      if (nextTraceId !== traceId) {
        traceId = nextTraceId;
        collapsed = new Set();
        active = 0;
        selected = undefined;
      }
      tree = buildTree(spans);
      drawAxis();
      recompute();
    },
    select(spanId) {
      let node = tree.byId.get(spanId);
      while (node?.span.parentSpanId) {
        collapsed.delete(node.span.parentSpanId);
        node = tree.byId.get(node.span.parentSpanId);
      }
      recompute();
      const index = rowsData.findIndex((row) => row.node.span.spanId === spanId);
      if (index >= 0) {
        setActive(index);
        pick();
      }
    },
    destroy() {
      rows.destroy();
      header.remove();
      scroller.remove();
    },
  };
}
