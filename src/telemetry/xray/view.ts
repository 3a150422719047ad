/**
 * The X-Ray view, like the console's Traces page: a group and a filter expression (parsed by the local cloud's own
 * X-Ray filter parser), the trace map of the matching traces, the trace list, and for one trace its segment
 * timeline with Overview / Annotations / Metadata / Exceptions tabs. Below: the sampling rules and the groups.
 */
import type { MountView, ViewLink } from '../source.ts';
import { h, injectStyle, messageOf, throttle } from '../query/dom.ts';
import { createVirtualList } from '../query/virtual-list.ts';
import { exceptionsOf, segmentTimeline, type Timeline, type TimelineRow } from './segment-timeline.ts';
import { traceMap } from './trace-map.ts';
import type { GraphService, Group, SamplingRuleRecord, TraceDetail, TraceSummary, XrayNode } from './wire-xray.ts';

const tabs = ['Overview', 'Annotations', 'Metadata', 'Exceptions'] as const;
type Tab = (typeof tabs)[number];

export function xrayQuery(route: 'traces' | 'graph', filter: string, group: string, limit = 1000): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (filter.trim() !== '') params.set('filter', filter.trim());
  if (group !== '' && group !== 'Default') params.set('group', group);
  return `/workshop/xray/${route}?${params.toString()}`;
}

export const mount: MountView = (host, source, open) => {
  injectStyle('tv-xray', css);
  let traces: TraceSummary[] = [];
  let groups: Group[] = [];
  let filter = '';
  let group = 'Default';
  let detail: { trace: TraceDetail; timeline: Timeline } | undefined;
  let selectedRow = 0;
  let tab: Tab = 'Overview';
  let disposed = false;

  const groupSelect = h('select', { 'aria-label': 'Group' });
  const filterInput = h('input', { type: 'search', class: 'tv-x-filter', 'aria-label': 'Filter expression', placeholder: 'e.g. service("backend-flask") { fault } AND http.url CONTAINS "activities"', spellcheck: 'false' });
  const form = h('form', { class: 'tv-x-form', role: 'search' }, h('label', {}, 'Group ', groupSelect), filterInput, h('button', { type: 'submit' }, 'Apply'));
  const problem = h('p', { class: 'tv-x-problem', role: 'alert' });
  const status = h('p', { class: 'tv-status', role: 'status' }, 'Loading traces…');
  const mapHost = h('div', { class: 'tv-x-map' });
  const header = h('div', { class: 'tv-x-trow tv-x-head', 'aria-hidden': 'true' }, h('span', {}, 'Trace'), h('span', {}, 'Method'), h('span', {}, 'URL'), h('span', {}, 'Status'), h('span', { class: 'tv-num' }, 'Response'), h('span', {}, 'Result'));
  const list = createVirtualList({ label: 'Traces (Enter shows the timeline)', rowHeight: 28, empty: 'No traces match. Send a request through the app, or change the filter.', renderRow: traceRow, onActivate: (i) => void showTrace(traces[i]?.Id) });
  const detailHost = h('section', { class: 'tv-x-detail', 'aria-label': 'Trace details' });
  const rulesHost = h('div');
  const groupsHost = h('div');
  host.replaceChildren(
    h('section', { class: 'tv-xray', 'aria-label': 'X-Ray traces' },
      form, problem, status,
      h('h2', {}, 'Trace map'), mapHost,
      h('h2', {}, 'Traces'), header, list.element,
      detailHost,
      h('details', { class: 'tv-x-config' }, h('summary', {}, 'Sampling rules and groups'), rulesHost, groupsHost),
    ),
  );

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filter = filterInput.value;
    group = groupSelect.value;
    void refresh();
  });

  async function refresh(): Promise<void> {
    const [listed, graph] = await Promise.allSettled([
      source.get<{ traces: TraceSummary[] }>('aws', xrayQuery('traces', filter, group)),
      source.get<{ services: GraphService[] }>('aws', xrayQuery('graph', filter, group)),
    ]);
    if (disposed) return;
    if (listed.status === 'rejected' || graph.status === 'rejected') {
      const reason = listed.status === 'rejected' ? listed.reason : graph.status === 'rejected' ? graph.reason : undefined;
      problem.textContent = `That filter did not run: ${messageOf(reason)}`;
      filterInput.setAttribute('aria-invalid', 'true');
      return;
    }
    problem.textContent = '';
    filterInput.removeAttribute('aria-invalid');
    traces = listed.value.traces;
    list.update(traces.length);
    mapHost.replaceChildren(traceMap(graph.value.services, (name) => {
      filterInput.value = `service("${name}")`;
      filter = filterInput.value;
      void refresh();
    }));
    const faults = traces.filter((t) => t.HasFault).length;
    const errors = traces.filter((t) => t.HasError).length;
    status.textContent = `${traces.length} trace${traces.length === 1 ? '' : 's'}${filter || group !== 'Default' ? ' match' : ''} · ${faults} with faults · ${errors} with errors`;
  }

  function traceRow(i: number): Node {
    const t = traces[i];
    if (t === undefined) return h('span');
    const result = t.HasFault ? 'Fault' : t.HasThrottle ? 'Throttle' : t.HasError ? 'Error' : t.IsPartial ? 'Pending' : 'OK';
    return h('div', { class: 'tv-x-trow' },
      h('span', { class: 'tv-mono' }, t.Id.slice(-12)),
      h('span', {}, t.Http.HttpMethod ?? ''),
      h('span', { class: 'tv-ellipsis', title: t.Http.HttpURL ?? '' }, t.Http.HttpURL ?? t.EntryPoint?.Name ?? ''),
      h('span', {}, String(t.Http.HttpStatus ?? '')),
      h('span', { class: 'tv-num' }, t.ResponseTime === undefined ? '–' : `${(t.ResponseTime * 1000).toFixed(1)} ms`),
      h('span', { class: `tv-badge tv-badge-${result.toLowerCase()}` }, result),
    );
  }

  async function showTrace(id: string | undefined): Promise<void> {
    if (id === undefined) return;
    try {
      const trace = await source.get<TraceDetail>('aws', `/workshop/xray/traces/${encodeURIComponent(id)}`);
      if (disposed) return;
      detail = { trace, timeline: segmentTimeline(trace) };
      selectedRow = 0;
      tab = 'Overview';
      renderDetail();
    } catch (error) {
      detailHost.replaceChildren(h('p', { role: 'alert' }, `Could not load trace ${id}: ${messageOf(error)}`));
    }
  }

  function renderDetail(): void {
    if (detail === undefined) return;
    const { trace, timeline } = detail;
    const rows = timeline.rows.map((row, i) => timelineRow(row, i, timeline));
    const rowsBox = h('div', { class: 'tv-x-timeline', role: 'listbox', 'aria-label': `Segments of trace ${trace.traceId} (arrow keys move)`, tabindex: 0, 'aria-activedescendant': `tv-x-seg-${selectedRow}` }, ...rows);
    rowsBox.addEventListener('keydown', (e) => {
      const next = e.key === 'ArrowDown' ? selectedRow + 1 : e.key === 'ArrowUp' ? selectedRow - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? timeline.rows.length - 1 : undefined;
      if (next === undefined) return;
      e.preventDefault();
      selectedRow = Math.max(0, Math.min(timeline.rows.length - 1, next));
      renderDetail();
      (detailHost.querySelector('.tv-x-timeline') as HTMLElement | null)?.focus();
    });
    rowsBox.addEventListener('click', (e) => {
      const el = (e.target as Element).closest('[data-row]');
      if (el === null) return;
      selectedRow = Number(el.getAttribute('data-row'));
      renderDetail();
    });
    const node = timeline.rows[selectedRow]?.node;
    const tabList = h('div', { role: 'tablist', 'aria-label': 'Segment details' });
    tabs.forEach((name) => {
      const count = node === undefined ? 0 : name === 'Annotations' ? Object.keys(node.annotations ?? {}).length : name === 'Metadata' ? Object.keys(node.metadata ?? {}).length : name === 'Exceptions' ? exceptionsOf(node).length : -1;
      const button = h('button', { type: 'button', role: 'tab', id: `tv-x-tab-${name}`, 'aria-selected': String(name === tab), 'aria-controls': 'tv-x-tabpanel', tabindex: name === tab ? 0 : -1 }, count >= 0 ? `${name} (${count})` : name);
      button.addEventListener('click', () => {
        tab = name;
        renderDetail();
      });
      button.addEventListener('keydown', (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (step === 0) return;
        tab = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length] ?? 'Overview';
        renderDetail();
        (detailHost.querySelector(`#tv-x-tab-${tab}`) as HTMLElement | null)?.focus();
      });
      tabList.append(button);
    });
    const panel = h('div', { role: 'tabpanel', id: 'tv-x-tabpanel', 'aria-labelledby': `tv-x-tab-${tab}`, class: 'tv-x-panel', tabindex: 0 }, node === undefined ? 'No segment selected.' : tabBody(node, tab));
    const link: ViewLink = { view: 'traces', traceId: otelTraceId(trace.traceId) };
    detailHost.replaceChildren(
      h('h2', {}, `Trace ${trace.traceId}`),
      h('p', { class: 'tv-muted' }, `${timeline.rows.length} segments and subsegments · ${timeline.totalMs.toFixed(1)} ms${trace.inProgress ? ' · still in progress' : ''} · `, h('button', { type: 'button', class: 'tv-linkish', onclick: () => open(link) }, 'open in the Traces waterfall')),
      rowsBox,
      tabList,
      panel,
    );
  }

  function timelineRow(row: TimelineRow, i: number, timeline: Timeline): HTMLElement {
    const left = (row.offsetMs / timeline.totalMs) * 100;
    const widthPct = row.durationMs === undefined ? 100 - left : Math.max(0.4, (row.durationMs / timeline.totalMs) * 100);
    const words = `${row.node.name}, ${row.kind}, ${row.status}${row.httpStatus ? `, HTTP ${row.httpStatus}` : ''}, starts at ${row.offsetMs.toFixed(1)} ms, ${row.durationMs === undefined ? 'still running' : `takes ${row.durationMs.toFixed(1)} ms`}`;
    return h('div', { class: `tv-x-seg tv-x-${row.status.replace(' ', '-')}`, role: 'option', id: `tv-x-seg-${i}`, 'data-row': i, 'aria-selected': String(i === selectedRow) },
      h('span', { class: 'tv-sr' }, words),
      h('span', { class: 'tv-x-segname', 'aria-hidden': 'true', style: `padding-left:${row.depth * 0.9}rem` }, row.kind === 'segment' ? '■ ' : '└ ', row.node.name),
      h('span', { class: 'tv-x-segstatus', 'aria-hidden': 'true' }, row.status === 'ok' ? (row.httpStatus ? String(row.httpStatus) : 'ok') : `${row.status.toUpperCase()}${row.httpStatus ? ` ${row.httpStatus}` : ''}`),
      h('span', { class: 'tv-num', 'aria-hidden': 'true' }, row.durationMs === undefined ? '…' : `${row.durationMs.toFixed(1)} ms`),
      h('span', { class: 'tv-x-track', 'aria-hidden': 'true' }, h('span', { class: 'tv-x-bar', style: `left:${left}%;width:${widthPct}%` })),
    );
  }

  function tabBody(node: XrayNode, which: Tab): Node {
    if (which === 'Overview') {
      const facts: [string, string | undefined][] = [
        ['Name', node.name],
        ['Id', node.id],
        ['Parent id', node.parent_id],
        ['Origin', node.origin],
        ['Namespace', node.namespace],
        ['Start', new Date(node.start_time * 1000).toISOString()],
        ['Duration', typeof node.end_time === 'number' ? `${((node.end_time - node.start_time) * 1000).toFixed(2)} ms` : 'in progress'],
        ['Status', [node.fault && 'fault', node.error && 'error', node.throttle && 'throttle'].filter(Boolean).join(', ') || 'ok'],
        ['HTTP request', node.http?.request ? `${node.http.request.method ?? ''} ${node.http.request.url ?? ''}`.trim() : undefined],
        ['HTTP response', node.http?.response?.status === undefined ? undefined : String(node.http.response.status)],
        ['User agent', node.http?.request?.user_agent],
        ['Client IP', node.http?.request?.client_ip],
      ];
      const extra = ['aws', 'sql', 'service', 'user'].filter((k) => node[k] !== undefined);
      return h('div', {}, h('dl', { class: 'tv-dl' }, ...facts.flatMap(([k, v]) => (v === undefined ? [] : [h('dt', {}, k), h('dd', {}, v)]))), ...extra.map((k) => h('details', {}, h('summary', {}, k), h('pre', {}, JSON.stringify(node[k], null, 2)))));
    }
    if (which === 'Annotations') {
      const entries = Object.entries(node.annotations ?? {});
      if (entries.length === 0) return h('p', {}, 'No annotations on this segment. Annotations are indexed: filter on them with annotation.key = "value".');
      return h('table', { class: 'tv-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'))), h('tbody', {}, ...entries.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, JSON.stringify(v))))));
    }
    if (which === 'Metadata') {
      const entries = Object.entries(node.metadata ?? {});
      if (entries.length === 0) return h('p', {}, 'No metadata on this segment.');
      return h('div', {}, ...entries.map(([namespace, value]) => h('section', {}, h('h3', {}, `Namespace ${namespace}`), h('pre', {}, JSON.stringify(value, null, 2)))));
    }
    const found = exceptionsOf(node);
    if (found.length === 0) return h('p', {}, 'No exceptions recorded on this segment.');
    return h('ol', {}, ...found.map((e) => h('li', {}, h('strong', {}, `${e.type}: `), e.message, e.remote ? ' (remote)' : '', e.stack.length > 0 ? h('pre', {}, e.stack.join('\n')) : null)));
  }

  async function loadConfig(): Promise<void> {
    try {
      const [g, r] = await Promise.all([source.get<{ groups: Group[] }>('aws', '/workshop/xray/groups'), source.get<{ rules: SamplingRuleRecord[] }>('aws', '/workshop/xray/rules')]);
      if (disposed) return;
      groups = g.groups;
      const current = groupSelect.value || group;
      groupSelect.replaceChildren(...groups.map((x) => h('option', { value: x.GroupName, selected: x.GroupName === current }, x.GroupName)));
      groupsHost.replaceChildren(h('h3', {}, 'Groups'), table(['Name', 'Filter expression'], groups.map((x) => [x.GroupName, x.FilterExpression ?? '(every trace)'])));
      const rules = [...r.rules].sort((a, b) => a.SamplingRule.Priority - b.SamplingRule.Priority);
      rulesHost.replaceChildren(h('h3', {}, 'Sampling rules (lowest priority number wins)'), table(['Name', 'Priority', 'Reservoir', 'Rate', 'Service', 'Method', 'URL path'], rules.map(({ SamplingRule: x }) => [x.RuleName ?? '', String(x.Priority), `${x.ReservoirSize}/s`, `${Math.round(x.FixedRate * 100)}%`, x.ServiceName, x.HTTPMethod, x.URLPath])));
    } catch (error) {
      rulesHost.replaceChildren(h('p', { role: 'alert' }, `Could not read rules and groups: ${messageOf(error)}`));
    }
  }

  const live = throttle(() => void refresh(), 400);
  const stop = source.follow('aws', '/workshop/xray/events', () => live());
  void loadConfig();
  void refresh();

  return () => {
    disposed = true;
    live.cancel();
    stop();
    list.destroy();
    host.replaceChildren();
  };
};

function table(head: string[], rows: string[][]): HTMLElement {
  return h('table', { class: 'tv-table' }, h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

/** X-Ray ids `1-<8 hex time>-<24 hex>` are the same 128 bits as an OTel trace id (the AWS X-Ray id generator). */
export function otelTraceId(xrayId: string): string {
  const m = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/i.exec(xrayId);
  return m === null ? xrayId : `${m[1]}${m[2]}`.toLowerCase();
}

const css = `
.tv-xray { display: flex; flex-direction: column; gap: .5rem; font-size: .875rem; }
.tv-xray h2 { margin: .5rem 0 0; font-size: 1rem; }
.tv-xray h3 { margin: .25rem 0; font-size: .9rem; }
.tv-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.tv-x-form { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.tv-x-filter { flex: 1 1 24rem; font-family: var(--mono, monospace); }
.tv-x-filter[aria-invalid='true'] { outline: 2px solid var(--fail, #c43c3c); }
.tv-x-problem { margin: 0; color: var(--fail, #b00020); font-weight: 600; }
.tv-x-problem:empty { display: none; }
.tv-status { margin: 0; color: var(--muted, #555); }
.tv-muted { color: var(--muted, #666); }
.tv-map { display: block; max-width: 100%; height: auto; }
.tv-node { cursor: pointer; }
.tv-node:focus-visible .tv-node-bg { stroke: var(--accent, #3b6fd4); stroke-width: 3; }
.tv-node-bg { fill: var(--panel, #fff); stroke: var(--border, #8886); }
.tv-node-client .tv-node-bg { stroke-dasharray: 3 3; }
.tv-ring { fill: none; stroke-width: 6; }
.tv-node-name { font-size: 12px; font-weight: 600; fill: var(--fg, #222); }
.tv-node-sub, .tv-node-count, .tv-edge-label { font-size: 10px; fill: var(--muted, #555); }
.tv-edge-line { stroke: var(--muted, #888); stroke-width: 1.5; }
.tv-edge-bad { stroke: #c43c3c; stroke-dasharray: 5 3; }
.tv-arrowhead { fill: var(--muted, #888); }
.tv-map-legend { font-size: .8rem; margin: 0; display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.tv-key-swatch { display: inline-flex; gap: .25rem; align-items: center; }
.tv-key-swatch > span { width: .8rem; height: .8rem; border-radius: 50%; display: inline-block; }
.tv-x-trow { display: grid; grid-template-columns: 7.5rem 4rem minmax(8rem, 1fr) 3.5rem 6rem 5rem; gap: .5rem; width: 100%; align-items: center; }
.tv-x-head { font-weight: 600; padding: 0 .5rem; }
.tv-mono { font-family: var(--mono, monospace); }
.tv-ellipsis { overflow: hidden; text-overflow: ellipsis; }
.tv-num { text-align: right; font-variant-numeric: tabular-nums; }
.tv-badge { font-size: .75rem; font-weight: 600; border-radius: 3px; padding: 0 .35rem; justify-self: start; border: 1px solid currentColor; }
.tv-badge-fault { color: #8f1f1f; }
.tv-badge-error { color: #6b5400; }
.tv-badge-throttle { color: #74245f; }
.tv-badge-ok { color: #145c3c; }
.tv-x-timeline { border: 1px solid var(--border, #8884); border-radius: var(--radius, 4px); max-height: 20rem; overflow: auto; }
.tv-x-timeline:focus-visible { outline: 2px solid var(--accent, #3b6fd4); }
.tv-x-seg { display: grid; grid-template-columns: minmax(10rem, 16rem) 6rem 5.5rem 1fr; gap: .5rem; align-items: center; padding: .15rem .5rem; cursor: pointer; }
.tv-x-seg[aria-selected='true'] { background: color-mix(in srgb, var(--accent, #3b6fd4) 16%, transparent); box-shadow: inset 3px 0 0 var(--accent, #3b6fd4); }
.tv-x-segname { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tv-x-track { position: relative; height: .8rem; background: color-mix(in srgb, var(--border, #888) 25%, transparent); }
.tv-x-bar { position: absolute; top: 0; bottom: 0; background: #2f9e6f; min-width: 2px; }
.tv-x-fault .tv-x-bar { background: repeating-linear-gradient(45deg, #c43c3c 0 4px, #e58a8a 4px 8px); }
.tv-x-error .tv-x-bar { background: repeating-linear-gradient(90deg, #d9a400 0 4px, #f0d26b 4px 8px); }
.tv-x-throttle .tv-x-bar { background: #b5439b; }
.tv-x-in-progress .tv-x-bar { background: none; border: 1px dashed var(--muted, #888); }
[role='tablist'] { display: flex; gap: .25rem; margin-top: .5rem; }
[role='tab'][aria-selected='true'] { font-weight: 700; border-bottom: 3px solid var(--accent, #3b6fd4); }
.tv-x-panel { border: 1px solid var(--border, #8884); padding: .5rem; border-radius: var(--radius, 4px); overflow: auto; max-height: 20rem; }
.tv-x-panel pre { margin: 0; font-size: .8rem; }
.tv-dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: 0; }
.tv-dl dt { font-weight: 600; }
.tv-dl dd { margin: 0; word-break: break-all; }
.tv-table { border-collapse: collapse; font-size: .8rem; }
.tv-table th, .tv-table td { border: 1px solid var(--border, #8884); padding: .15rem .4rem; text-align: left; }
.tv-linkish { min-height: 24px; background: none; border: none; padding: 0; color: var(--accent, #3b6fd4); text-decoration: underline; cursor: pointer; font: inherit; }
`;
