/**
 * The Rollbar view: items (occurrences grouped by fingerprint/title, as the local cloud groups them) with level,
 * environment, occurrence count and last seen; an item's occurrences; one occurrence's trace chain with code
 * context, its request, person and server. Live: new occurrences refresh the list.
 */
import type { MountView } from '../source.ts';
import { h, injectStyle, messageOf, throttle } from '../query/dom.ts';
import { createVirtualList } from '../query/virtual-list.ts';
import { ago, environmentsOf, filterItems, levelOrder, occurrenceDetail, type ChainLink, type OccurrenceSummary, type RollbarItem } from './rollbar-data.ts';

export const mount: MountView = (host, source, open) => {
  injectStyle('tv-rollbar', css);
  let all: RollbarItem[] = [];
  let shown: RollbarItem[] = [];
  let disposed = false;
  let current: { item: RollbarItem; occurrences: OccurrenceSummary[]; index: number } | undefined;

  const level = h('select', { 'aria-label': 'Level' }, h('option', { value: '' }, 'any level'), ...levelOrder.map((l) => h('option', { value: l }, l)));
  const environment = h('select', { 'aria-label': 'Environment' }, h('option', { value: '' }, 'any environment'));
  const text = h('input', { type: 'search', 'aria-label': 'Search item titles', placeholder: 'search titles' });
  const status = h('p', { class: 'tv-status', role: 'status' }, 'Loading items…');
  const header = h('div', { class: 'tv-r-row tv-r-head', 'aria-hidden': 'true' }, h('span', {}, '#'), h('span', {}, 'Level'), h('span', {}, 'Title'), h('span', {}, 'Environments'), h('span', { class: 'tv-num' }, 'Occurrences'), h('span', {}, 'Last seen'));
  const list = createVirtualList({ label: 'Rollbar items (Enter opens the latest occurrence)', rowHeight: 30, empty: 'No items yet. Report an error with the rollbar client (rollbar.error, or an uncaught exception).', renderRow: itemRow, onActivate: (i) => void openItem(shown[i]) });
  const detail = h('section', { class: 'tv-r-detail', 'aria-label': 'Item details' });
  host.replaceChildren(h('section', { class: 'tv-rollbar', 'aria-label': 'Rollbar items' }, h('div', { class: 'tv-r-filters' }, level, environment, text), status, header, list.element, detail));
  for (const el of [level, environment]) el.addEventListener('change', () => applyFilter());
  text.addEventListener('input', () => applyFilter());

  async function refresh(): Promise<void> {
    try {
      const reply = await source.get<{ items: RollbarItem[]; occurrencesStored: number }>('aws', '/workshop/rollbar/items?limit=10000');
      if (disposed) return;
      all = reply.items;
      const chosen = environment.value;
      environment.replaceChildren(h('option', { value: '' }, 'any environment'), ...environmentsOf(all).map((e) => h('option', { value: e, selected: e === chosen }, e)));
      applyFilter();
      if (current !== undefined) {
        const same = all.find((i) => i.id === current?.item.id);
        if (same !== undefined && same.occurrences !== current.item.occurrences) void openItem(same, current.index);
      }
    } catch (error) {
      status.textContent = `Could not read Rollbar items from the local cloud: ${messageOf(error)}`;
    }
  }

  function applyFilter(): void {
    shown = filterItems(all, { level: level.value, environment: environment.value, text: text.value });
    list.update(shown.length);
    const occurrences = shown.reduce((n, i) => n + i.occurrences, 0);
    status.textContent = `${shown.length} of ${all.length} item${all.length === 1 ? '' : 's'} · ${occurrences} occurrence${occurrences === 1 ? '' : 's'}`;
  }

  function itemRow(i: number): Node {
    const item = shown[i];
    if (item === undefined) return h('span');
    return h('div', { class: 'tv-r-row' },
      h('span', { class: 'tv-muted' }, `#${item.id}`),
      h('span', { class: `tv-level tv-level-${item.level}` }, item.level),
      h('span', { class: 'tv-ellipsis', title: item.title }, item.title),
      h('span', { class: 'tv-ellipsis' }, item.environments.join(', ')),
      h('span', { class: 'tv-num' }, item.occurrences.toLocaleString('en-US')),
      h('span', { title: new Date(item.lastSeen).toISOString() }, ago(item.lastSeen)),
    );
  }

  async function openItem(item: RollbarItem | undefined, index = 0): Promise<void> {
    if (item === undefined) return;
    try {
      const reply = await source.get<{ item: RollbarItem; occurrences: OccurrenceSummary[] }>('aws', `/workshop/rollbar/items/${item.id}?limit=50`);
      if (disposed) return;
      current = { item: reply.item, occurrences: reply.occurrences, index: Math.min(index, reply.occurrences.length - 1) };
      renderDetail();
    } catch (error) {
      detail.replaceChildren(h('p', { role: 'alert' }, `Could not load item #${item.id}: ${messageOf(error)}`));
    }
  }

  function renderDetail(): void {
    if (current === undefined) return;
    const { item, occurrences, index } = current;
    const occurrence = occurrences[index];
    const picker = h('select', { 'aria-label': 'Occurrence' }, ...occurrences.map((o, i) => h('option', { value: i, selected: i === index }, `${new Date(o.receivedAt).toLocaleTimeString()} · ${o.environment} · ${o.uuid.slice(0, 8)}`)));
    picker.addEventListener('change', () => {
      if (current !== undefined) current.index = Number(picker.value);
      renderDetail();
    });
    const info = occurrenceDetail(occurrence?.data);
    const parts: (Node | null)[] = [
      h('h2', {}, h('span', { class: `tv-level tv-level-${item.level}` }, item.level), ` #${item.id} ${item.title}`),
      h('p', { class: 'tv-muted' }, `${item.occurrences} occurrence${item.occurrences === 1 ? '' : 's'} · first seen ${new Date(item.firstSeen).toLocaleString()} · last seen ${ago(item.lastSeen)} · ${item.environments.join(', ')}${item.framework ? ` · ${item.framework}` : ''}${item.language ? ` · ${item.language}` : ''}`),
      h('label', {}, 'Occurrence ', picker),
      occurrence?.trimmed ? h('p', { role: 'note' }, 'This occurrence was larger than the local cloud keeps; parts were trimmed.') : null,
      info.message !== undefined ? h('section', {}, h('h3', {}, 'Message'), h('pre', {}, info.message)) : null,
      info.chain.length > 0 ? h('section', {}, h('h3', {}, info.chain.length > 1 ? `Trace chain (${info.chain.length} exceptions)` : 'Traceback'), ...info.chain.map(chainBlock)) : null,
      info.request ? requestBlock(info.request) : null,
      info.person.length > 0 ? h('section', {}, h('h3', {}, 'Person'), pairsTable(info.person)) : null,
      info.server.length > 0 ? h('section', {}, h('h3', {}, 'Server'), pairsTable(info.server)) : null,
      info.custom !== undefined ? h('details', {}, h('summary', {}, 'Custom data'), h('pre', {}, JSON.stringify(info.custom, null, 2))) : null,
      h('details', {}, h('summary', {}, 'Raw occurrence (scrubbed)'), h('pre', {}, JSON.stringify(occurrence?.data ?? {}, null, 2))),
      h('button', { type: 'button', class: 'tv-linkish', onclick: () => open({ view: 'logs' }) }, 'Look for the same moment in CloudWatch Logs'),
    ];
    detail.replaceChildren(...parts.filter((p): p is Node => p !== null));
  }

  const live = throttle(() => void refresh(), 300);
  const stop = source.follow('aws', '/workshop/rollbar/events', () => live());
  void refresh();
  return () => {
    disposed = true;
    live.cancel();
    stop();
    list.destroy();
    host.replaceChildren();
  };
};

function chainBlock(link: ChainLink, i: number): HTMLElement {
  // Rollbar sends frames outermost first; the console shows where it was thrown at the top.
  const frames = [...link.frames].reverse();
  return h('div', { class: 'tv-r-chain' },
    h('p', { class: 'tv-r-exc' }, i > 0 ? 'Caused by ' : '', h('strong', {}, link.exceptionClass), `: ${link.message}`),
    h('ol', { class: 'tv-r-frames' }, ...frames.map((f, fi) => h('li', {},
      h('details', fi === 0 ? { open: true } : {},
        h('summary', {}, h('code', {}, `${f.filename}${f.lineno === undefined ? '' : `:${f.lineno}`}${f.colno === undefined ? '' : `:${f.colno}`}`), ` in ${f.method}`),
        f.code === undefined ? h('p', { class: 'tv-muted' }, 'No code context was sent for this frame.') : h('pre', { class: 'tv-r-code' },
          ...f.pre.map((line, k) => h('span', { class: 'tv-r-line' }, `${f.lineno === undefined ? '' : String(f.lineno - f.pre.length + k).padStart(5)}  ${line}\n`)),
          h('mark', { class: 'tv-r-line' }, `${f.lineno === undefined ? '' : String(f.lineno).padStart(5)}▶ ${f.code}\n`),
          ...f.post.map((line, k) => h('span', { class: 'tv-r-line' }, `${f.lineno === undefined ? '' : String(f.lineno + k + 1).padStart(5)}  ${line}\n`)),
        ),
      ),
    ))),
  );
}

function requestBlock(request: NonNullable<ReturnType<typeof occurrenceDetail>['request']>): HTMLElement {
  return h('section', {}, h('h3', {}, 'Request'),
    h('p', {}, h('code', {}, `${request.method ?? ''} ${request.url ?? ''}`.trim() || '(no URL)'), request.userIp ? ` from ${request.userIp}` : ''),
    request.query.length > 0 ? h('details', { open: true }, h('summary', {}, 'Query'), pairsTable(request.query)) : null,
    request.headers.length > 0 ? h('details', {}, h('summary', {}, `Headers (${request.headers.length})`), pairsTable(request.headers)) : null,
    request.body !== undefined ? h('details', {}, h('summary', {}, 'Body'), h('pre', {}, request.body)) : null,
  );
}

function pairsTable(rows: [string, string][]): HTMLElement {
  return h('table', { class: 'tv-table' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)))));
}

const css = `
.tv-rollbar { display: flex; flex-direction: column; gap: .5rem; font-size: .875rem; }
.tv-r-filters { display: flex; gap: .5rem; flex-wrap: wrap; }
.tv-r-row { display: grid; grid-template-columns: 3.5rem 5.5rem minmax(10rem, 1fr) 9rem 6rem 6.5rem; gap: .5rem; width: 100%; align-items: center; }
.tv-r-head { font-weight: 600; padding: 0 .5rem; }
.tv-status { margin: 0; color: var(--muted, #555); }
.tv-muted { color: var(--muted, #666); }
.tv-ellipsis { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tv-num { text-align: right; font-variant-numeric: tabular-nums; }
.tv-level { font-size: .75rem; font-weight: 700; text-transform: uppercase; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3rem; justify-self: start; }
.tv-level-critical { color: #7a0000; } .tv-level-error { color: #8f1f1f; } .tv-level-warning { color: #6b4b00; } .tv-level-info { color: #1d4785; } .tv-level-debug { color: #444; }
.tv-r-detail h2 { font-size: 1rem; display: flex; gap: .5rem; align-items: center; }
.tv-r-frames { padding-left: 1.5rem; }
.tv-r-detail summary { min-height: 24px; padding: .15rem 0; box-sizing: border-box; }
.tv-r-code { background: var(--code-bg, #f4f4f4); padding: .4rem; overflow: auto; font-size: .8rem; }
.tv-r-code mark { background: color-mix(in srgb, #d9a400 30%, transparent); color: inherit; font-weight: 700; display: block; }
.tv-r-line { display: block; white-space: pre; }
.tv-table { border-collapse: collapse; font-size: .8rem; }
.tv-table th, .tv-table td { border: 1px solid var(--border, #8884); padding: .15rem .4rem; text-align: left; vertical-align: top; word-break: break-all; }
.tv-linkish { min-height: 24px; background: none; border: none; padding: 0; color: var(--accent, #3b6fd4); text-decoration: underline; cursor: pointer; font: inherit; align-self: flex-start; }
`;
