/**
 * The Traces view: the trace list (live), search by trace id / span name / service, and the selected trace's
 * waterfall with a span detail pane. Loads the newest spans once, then follows the cloud's span feed from the
 * sequence number that load ended at, so no span is missed or shown twice.
 */
import type { MountView, TelemetrySource } from '../source.ts';
import { onLink } from '../link-event.ts';
import { el } from '../ui/dom.ts';
import { isSpanJson, type SpanJson } from './span.ts';
import { TraceIndex } from './trace-index.ts';
import { createTraceList } from './trace-list.ts';
import { createWaterfall } from './waterfall.ts';
import { renderSpanDetail } from './span-detail.ts';
import { buildTree } from './waterfall-layout.ts';

const initialLimit = 10_000;
/** The page keeps at most this many spans; the oldest traces go first (the cloud keeps more, see its ring buffer). */
const maxSpans = 50_000;
const TRACE_ID = /^[\da-f]{32}$/;

interface SpansPage {
  spans: SpanJson[];
  lastSeq: number;
}

export const mount: MountView = (host, source, open) => {
  const search = el('input', { class: 'tm-search', attrs: { type: 'search', placeholder: 'Trace id, span name or service', 'aria-label': 'Search traces by trace id, span name or service', spellcheck: 'false', autocomplete: 'off' } });
  const counts = el('span', { class: 'tm-muted tm-counts', text: 'Loading spans…' });
  const alert = el('p', { class: 'tm-alert', attrs: { role: 'status' } });
  const listHost = el('section', { class: 'tm-traces-list', attrs: { 'aria-label': 'Trace list' } });
  const traceTitle = el('h3', { class: 'tm-trace-heading', text: 'No trace selected' });
  const waterfallHost = el('div', { class: 'tm-waterfall-host' });
  const detail = el('section', { class: 'tm-detail', attrs: { 'aria-label': 'Span details', tabindex: '0' } });
  const traceSection = el('section', { class: 'tm-trace-pane', attrs: { 'aria-label': 'Trace timeline' } }, traceTitle, waterfallHost, detail);
  const root = el('div', { class: 'tm-traces' }, el('div', { class: 'tm-toolbar' }, search, counts), alert, el('div', { class: 'tm-traces-body' }, listHost, traceSection));
  host.append(root);

  const index = new TraceIndex();
  let selected: string | undefined;
  let waitingFor: string | undefined;
  let frame = 0;
  let live = false;

  const list = createTraceList(listHost, (traceId) => select(traceId));
  const waterfall = createWaterfall(waterfallHost, (span, tree) => {
    renderSpanDetail(detail, span, tree, (traceId) => open({ view: 'traces', traceId }));
  });
  renderSpanDetail(detail, undefined, buildTree([]), () => undefined);

  const showTrace = () => {
    if (!selected) return;
    const spans = index.spansOf(selected);
    const summary = index.summaryOf(selected);
    traceTitle.textContent = summary ? `${summary.rootService}: ${summary.rootName} · trace ${selected}` : `Trace ${selected}`;
    root.dataset.selectedTrace = selected;
    waterfall.show(selected, spans);
  };
  const select = (traceId: string) => {
    if (!index.has(traceId)) {
      waitingFor = traceId;
      traceTitle.textContent = `Waiting for trace ${traceId}… (spans arrive when the app's exporter sends them, usually within 5 s)`;
      void fetchTrace(traceId);
      return;
    }
    waitingFor = undefined;
    if (selected !== traceId) {
      selected = traceId;
      renderSpanDetail(detail, undefined, buildTree([]), () => undefined);
    }
    showTrace();
    draw();
  };
  const draw = () => {
    frame = 0;
    list.show(index.list(search.value), selected);
    counts.textContent = `${index.size} trace${index.size === 1 ? '' : 's'}${live ? ' · live' : ''}`;
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };
  const addSpans = (spans: readonly unknown[]) => {
    const valid = spans.filter(isSpanJson);
    const touched = index.add(valid);
    index.prune(maxSpans, selected);
    if (selected && touched.has(selected)) showTrace();
    if (waitingFor && touched.has(waitingFor)) select(waitingFor);
    if (touched.size > 0) schedule();
  };
  const fetchTrace = async (traceId: string) => {
    try {
      const page = await source.get<SpansPage>('otlp', `/workshop/spans?traceId=${traceId}&limit=${initialLimit}`);
      addSpans(page.spans);
    } catch (error) {
      alert.textContent = (error as Error).message;
    }
  };

  search.addEventListener('input', () => {
    const value = search.value.trim().toLowerCase();
    if (TRACE_ID.test(value) && !index.has(value)) void fetchTrace(value);
    schedule();
  });

  let stopFollowing: (() => void) | undefined;
  let stopped = false;
  const start = async (source: TelemetrySource) => {
    try {
      const page = await source.get<SpansPage>('otlp', `/workshop/spans?limit=${initialLimit}`);
      if (stopped) return;
      addSpans(page.spans);
      stopFollowing = source.follow('otlp', `/workshop/events?after=${page.lastSeq}`, (data) => {
        if (Array.isArray(data)) addSpans(data);
      });
      live = true;
      alert.textContent = '';
      schedule();
    } catch (error) {
      alert.textContent = `Could not read the local cloud's spans: ${(error as Error).message}`;
      counts.textContent = '';
    }
  };
  void start(source);
  const stopLinks = onLink(host, (link) => {
    if (link.view !== 'traces') return;
    if (link.search !== undefined) {
      search.value = link.search;
      schedule();
    }
    if (link.traceId) select(link.traceId.toLowerCase());
  });

  return () => {
    stopped = true;
    cancelAnimationFrame(frame);
    stopFollowing?.();
    stopLinks();
    list.destroy();
    waterfall.destroy();
    root.remove();
  };
};
