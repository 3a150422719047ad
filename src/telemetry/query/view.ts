/**
 * The Query view: a Honeycomb-style query builder over the spans the local cloud received (VISUALIZE, WHERE,
 * GROUP BY, time range), a chart per calculation and a virtualised result table. Live: new spans re-run the query
 * (throttled). A group row, a chart point or a heatmap cell opens its traces in the Traces view.
 */
import type { MountView } from '../source.ts';
import { heatmapChart, lineChart } from './charts.ts';
import { formatValue } from './chart-geometry.ts';
import { h, injectStyle, messageOf, throttle, uid } from './dom.ts';
import { calcOps, checkQuery, filterOps, unaryOps, type Calculation, type CalcOp, type Filter, type FilterOp, type Query } from './query-spec.ts';
import { runQuery, type QueryResult } from './run-query.ts';
import { fieldsOf, spanToEvent, type FieldInfo, type SpanEvent } from './span-events.ts';
import { createVirtualList } from './virtual-list.ts';
import type { SpanPage, WireSpan } from './wire-span.ts';

/** Spans kept in the page; the oldest go first (the cloud keeps its own, larger, ring). */
const maxEvents = 20_000;
const ranges: { label: string; ms: number | undefined }[] = [
  { label: 'Everything stored', ms: undefined },
  { label: 'Last 5 minutes', ms: 5 * 60_000 },
  { label: 'Last 15 minutes', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
];

interface Draft {
  calculations: { op: CalcOp; field: string }[];
  filters: Filter[];
  combine: 'AND' | 'OR';
  groupBy: string[];
  rangeIndex: number;
}

export const mount: MountView = (host, source, open) => {
  injectStyle('tv-query', css);
  const events: SpanEvent[] = [];
  let fields: FieldInfo[] = [];
  let lastSeq = 0;
  let result: QueryResult | undefined;
  let stopFollow: (() => void) | undefined;
  let disposed = false;
  const draft: Draft = { calculations: [{ op: 'COUNT', field: '' }, { op: 'HEATMAP', field: 'duration_ms' }], filters: [], combine: 'AND', groupBy: ['service.name', 'name'], rangeIndex: 0 };

  const fieldList = h('datalist', { id: uid('tv-fields') });
  const numericList = h('datalist', { id: uid('tv-numeric') });
  const status = h('p', { class: 'tv-status', role: 'status' }, 'Loading spans…');
  const problems = h('div', { class: 'tv-problems', role: 'alert' });
  const charts = h('div', { class: 'tv-charts' });
  const header = h('div', { class: 'tv-q-row tv-q-head', 'aria-hidden': 'true' });
  const list = createVirtualList({
    label: 'Query result groups (Enter opens the traces)',
    rowHeight: 30,
    empty: 'No spans match yet. Exercise the app, or loosen the WHERE clauses.',
    renderRow: (i) => row(i),
    onActivate: (i) => openGroup(i),
  });
  const live = h('input', { type: 'checkbox', checked: true, id: uid('tv-live') });
  const builder = h('form', { class: 'tv-builder', 'aria-label': 'Query builder' });
  builder.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  host.replaceChildren(h('section', { class: 'tv-query', 'aria-label': 'Query spans' }, builder, fieldList, numericList, problems, status, charts, header, list.element));
  renderBuilder();

  const rerun = throttle(() => run(), 250);

  void source
    .get<SpanPage>('otlp', '/workshop/spans?limit=10000')
    .then((page) => {
      if (disposed) return;
      // The route answers newest first.
      for (let i = page.spans.length - 1; i >= 0; i--) add(page.spans[i]);
      lastSeq = page.lastSeq;
      refreshFields();
      run();
      stopFollow = source.follow('otlp', `/workshop/events?after=${lastSeq}`, (data) => {
        if (!Array.isArray(data)) return;
        for (const span of data as WireSpan[]) if (span.seq > lastSeq) {
          add(span);
          lastSeq = span.seq;
        }
        if (live.checked) {
          refreshFields();
          rerun();
        }
      });
    })
    .catch((error: unknown) => {
      status.textContent = `Could not read spans from the local cloud: ${messageOf(error)}`;
    });

  function add(span: WireSpan | undefined): void {
    if (span === undefined) return;
    events.push(spanToEvent(span));
    if (events.length > maxEvents) events.splice(0, events.length - maxEvents);
  }

  function refreshFields(): void {
    const next = fieldsOf(events);
    if (next.length === fields.length && next.every((f, i) => f.name === fields[i]?.name && f.numeric === fields[i]?.numeric)) return;
    fields = next;
    fieldList.replaceChildren(...fields.map((f) => h('option', { value: f.name })));
    numericList.replaceChildren(...fields.filter((f) => f.numeric).map((f) => h('option', { value: f.name })));
  }

  function toQuery(): Query {
    const range = ranges[draft.rangeIndex]?.ms;
    const now = Date.now();
    return {
      calculations: draft.calculations.map((c): Calculation => (c.op === 'COUNT' ? { op: 'COUNT' } : ({ op: c.op, field: c.field.trim() } as Calculation))),
      filters: draft.filters.map((f) => ({ ...f, field: f.field.trim() })),
      combine: draft.combine,
      groupBy: draft.groupBy.map((g) => g.trim()).filter((g) => g !== ''),
      ...(range === undefined ? {} : { time: { start: now - range, end: now + 1 } }),
    };
  }

  function run(): void {
    const query = toQuery();
    const found = checkQuery(query, fields);
    problems.replaceChildren(...found.map((p) => h('p', {}, p)));
    if (found.length > 0) return;
    const started = performance.now();
    result = runQuery(events, query);
    const computed = performance.now() - started;
    charts.replaceChildren(
      ...result.labels.flatMap((_, i) => {
        if (result === undefined) return [];
        const heat = result.heatmaps.find((m) => m.calcIndex === i);
        return heat !== undefined ? [heatmapChart(result, heat, { openTrace })] : [lineChart(result, i, { openTrace })];
      }),
    );
    header.replaceChildren(...query.groupBy.map((g) => h('span', { class: 'tv-key' }, g)), ...result.labels.map((l) => h('span', { class: 'tv-num' }, l)), h('span', { class: 'tv-num' }, 'spans'));
    header.style.gridTemplateColumns = columns(query.groupBy.length, result.labels.length);
    list.update(result.groups.length);
    status.textContent = `${result.totalGroups.toLocaleString('en-US')} group${result.totalGroups === 1 ? '' : 's'} · ${result.matched.toLocaleString('en-US')} of ${result.scanned.toLocaleString('en-US')} spans matched · ${computed.toFixed(0)} ms${result.totalGroups > result.groups.length ? ` · showing the first ${result.groups.length}` : ''}`;
    host.dataset['renderMs'] = (performance.now() - started).toFixed(1);
  }

  function row(i: number): Node {
    const group = result?.groups[i];
    if (result === undefined || group === undefined) return h('span');
    const cells = h('div', { class: 'tv-q-row' });
    cells.style.gridTemplateColumns = columns(group.key.length, result.labels.length);
    for (const value of group.key) cells.append(h('span', { class: 'tv-key', title: String(value ?? '(none)') }, value === null ? '(none)' : String(value)));
    group.values.forEach((v, ci) => cells.append(h('span', { class: 'tv-num' }, result?.heatmaps.some((m) => m.calcIndex === ci) ? '—' : formatValue(v))));
    cells.append(h('span', { class: 'tv-num' }, group.count.toLocaleString('en-US')));
    return cells;
  }

  function openGroup(i: number): void {
    const group = result?.groups[i];
    if (group === undefined) return;
    const query = toQuery();
    const byTrace = query.groupBy.indexOf('trace.trace_id');
    const traceId = byTrace >= 0 && typeof group.key[byTrace] === 'string' ? (group.key[byTrace] as string) : group.exemplarTraceId;
    // The search names the group (`field = "value"` pairs), the trace id is its slowest trace.
    const search = query.groupBy.map((f, k) => `${f} = ${JSON.stringify(group.key[k] ?? null)}`).join(' ');
    open({ view: 'traces', ...(traceId === undefined ? {} : { traceId }), ...(search === '' ? {} : { search }) });
  }

  // The Traces search can name a group (field = value pairs) but not a time bucket or a heatmap band, so a point
  // or a cell searches for its one trace: the list then shows the trace the waterfall opens.
  function openTrace(traceId: string): void {
    open({ view: 'traces', traceId, search: traceId });
  }

  function renderBuilder(): void {
    const section = (title: string, ...content: Node[]): HTMLElement => h('fieldset', { class: 'tv-clause' }, h('legend', {}, title), ...content);
    const remove = (label: string, fn: () => void): HTMLElement => h('button', { type: 'button', class: 'tv-icon', 'aria-label': label, title: label, onclick: () => { fn(); renderBuilder(); } }, '×');
    const fieldInput = (label: string, value: string, numeric: boolean, set: (v: string) => void): HTMLElement =>
      h('input', { type: 'text', value, list: numeric ? numericList.id : fieldList.id, 'aria-label': label, placeholder: numeric ? 'numeric field' : 'field', spellcheck: 'false', oninput: (e) => set((e.target as HTMLInputElement).value) });

    const calcs = draft.calculations.map((c, i) => {
      const op = h('select', { 'aria-label': `Calculation ${i + 1}`, onchange: (e) => { c.op = (e.target as HTMLSelectElement).value as CalcOp; if (c.op !== 'COUNT' && c.field === '') c.field = c.op === 'COUNT_DISTINCT' ? 'trace.trace_id' : 'duration_ms'; renderBuilder(); } }, ...calcOps.map((o) => h('option', { value: o, selected: o === c.op }, o)));
      return h('div', { class: 'tv-line' }, op, c.op === 'COUNT' ? null : fieldInput(`Field of calculation ${i + 1}`, c.field, c.op !== 'COUNT_DISTINCT', (v) => (c.field = v)), remove(`Remove calculation ${i + 1}`, () => draft.calculations.splice(i, 1)));
    });
    const wheres = draft.filters.map((f, i) => {
      const op = h('select', { 'aria-label': `Operator of filter ${i + 1}`, onchange: (e) => { f.op = (e.target as HTMLSelectElement).value as FilterOp; renderBuilder(); } }, ...filterOps.map((o) => h('option', { value: o, selected: o === f.op }, o)));
      const value = unaryOps.includes(f.op) ? null : h('input', { type: 'text', value: f.value, 'aria-label': `Value of filter ${i + 1}`, placeholder: f.op === 'in' ? 'a, b, c' : 'value', oninput: (e) => (f.value = (e.target as HTMLInputElement).value) });
      return h('div', { class: 'tv-line' }, fieldInput(`Field of filter ${i + 1}`, f.field, false, (v) => (f.field = v)), op, value, remove(`Remove filter ${i + 1}`, () => draft.filters.splice(i, 1)));
    });
    const groups = draft.groupBy.map((g, i) => h('div', { class: 'tv-line' }, fieldInput(`Group by field ${i + 1}`, g, false, (v) => (draft.groupBy[i] = v)), remove(`Remove group by ${i + 1}`, () => draft.groupBy.splice(i, 1))));
    const combine = h('select', { 'aria-label': 'Combine filters with', onchange: (e) => (draft.combine = (e.target as HTMLSelectElement).value as 'AND' | 'OR') }, h('option', { value: 'AND', selected: draft.combine === 'AND' }, 'all (AND)'), h('option', { value: 'OR', selected: draft.combine === 'OR' }, 'any (OR)'));
    const rangeSelect = h('select', { 'aria-label': 'Time range', onchange: (e) => (draft.rangeIndex = Number((e.target as HTMLSelectElement).value)) }, ...ranges.map((r, i) => h('option', { value: i, selected: i === draft.rangeIndex }, r.label)));
    const add = (label: string, fn: () => void): HTMLElement => h('button', { type: 'button', class: 'tv-add', onclick: () => { fn(); renderBuilder(); } }, label);
    builder.replaceChildren(
      section('VISUALIZE', ...calcs, add('+ calculation', () => draft.calculations.push({ op: 'COUNT', field: '' }))),
      section('WHERE', ...(draft.filters.length > 1 ? [h('label', {}, 'match ', combine)] : []), ...wheres, add('+ filter', () => draft.filters.push({ field: '', op: '=', value: '' }))),
      section('GROUP BY', ...groups, add('+ field', () => draft.groupBy.push(''))),
      section('TIME', rangeSelect, h('label', { class: 'tv-live', for: live.id }, live, ' update live')),
      h('div', { class: 'tv-run' }, h('button', { type: 'submit' }, 'Run query')),
    );
  }

  return () => {
    disposed = true;
    rerun.cancel();
    stopFollow?.();
    list.destroy();
    host.replaceChildren();
  };
};

function columns(keys: number, calcs: number): string {
  return `${keys === 0 ? '' : `repeat(${keys}, minmax(8rem, 2fr)) `}repeat(${calcs + 1}, minmax(5rem, 1fr))`;
}

const css = `
.tv-query { display: flex; flex-direction: column; gap: .5rem; font-size: .875rem; }
.tv-builder { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-start; }
.tv-clause { border: 1px solid var(--border, #8884); border-radius: var(--radius, 4px); padding: .25rem .5rem .5rem; margin: 0; display: flex; flex-direction: column; gap: .25rem; }
.tv-clause legend { font-weight: 600; font-size: .75rem; letter-spacing: .04em; }
.tv-line { display: flex; gap: .25rem; align-items: center; }
.tv-line input { width: 10rem; }
.tv-icon { min-width: 1.75rem; }
.tv-add { align-self: flex-start; }
.tv-run { align-self: flex-end; }
.tv-status { margin: 0; color: var(--muted, #555); }
.tv-problems p { margin: 0; color: var(--fail, #b00020); font-weight: 600; }
.tv-problems p::before { content: '⚠ '; }
.tv-charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: .5rem; }
.tv-figure { margin: 0; }
.tv-figure figcaption { font-weight: 600; }
.tv-chart { width: 100%; height: auto; display: block; }
.tv-grid { stroke: var(--border, #8884); stroke-width: 1; }
.tv-tick { font-size: 10px; fill: var(--muted, #666); }
.tv-point, .tv-cell { cursor: pointer; }
.tv-cell { fill: var(--accent, #3b6fd4); }
.tv-legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; font-size: .8rem; }
.tv-legend li { display: flex; align-items: center; gap: .25rem; }
.tv-muted { color: var(--muted, #666); }
.tv-q-row { display: grid; gap: .5rem; width: 100%; align-items: center; }
.tv-q-head { font-weight: 600; padding: 0 .5rem; }
.tv-key { overflow: hidden; text-overflow: ellipsis; font-family: var(--mono, monospace); }
.tv-num { text-align: right; font-variant-numeric: tabular-nums; }
`;
