/**
 * The CloudWatch Logs view: log groups and their streams, the events of a group (or one stream) filtered with a
 * CloudWatch filter pattern (compiled by the local cloud; a bad pattern is shown as its error), and a live tail
 * over Server-Sent Events. Events are in a virtualised list; Enter expands one (JSON messages pretty-printed).
 */
import type { MountView } from '../source.ts';
import { h, injectStyle, messageOf, throttle, uid } from '../query/dom.ts';
import { createVirtualList } from '../query/virtual-list.ts';
import { EventBuffer, eventsPath, formatTimestamp, levelOf, tailPath, type EventSelection, type LogEvent, type LogGroup } from './log-data.ts';

const capacity = 10_000;

export const mount: MountView = (host, source) => {
  injectStyle('tv-logs', css);
  const buffer = new EventBuffer(capacity);
  let groups: LogGroup[] = [];
  let selection: EventSelection = {};
  let stopTail: (() => void) | undefined;
  let disposed = false;
  let generation = 0;

  const groupSelect = h('select', { 'aria-label': 'Log group' });
  const streamSelect = h('select', { 'aria-label': 'Log stream' });
  const pattern = h('input', { type: 'search', class: 'tv-l-pattern', 'aria-label': 'Filter pattern', placeholder: 'filter pattern, e.g. ERROR, "Hello Cruddur", { $.level = "error" }', spellcheck: 'false' });
  const tailBox = h('input', { type: 'checkbox', checked: true, id: uid('tv-tail') });
  const form = h('form', { class: 'tv-l-form', role: 'search' }, groupSelect, streamSelect, pattern, h('button', { type: 'submit' }, 'Search'), h('label', { for: tailBox.id }, tailBox, ' live tail'));
  const problem = h('p', { class: 'tv-l-problem', role: 'alert' });
  const status = h('p', { class: 'tv-status', role: 'status' }, 'Loading log groups…');
  const header = h('div', { class: 'tv-l-row tv-l-head', 'aria-hidden': 'true' }, h('span', {}, 'Timestamp'), h('span', {}, 'Stream'), h('span', {}, 'Level'), h('span', {}, 'Message'));
  const list = createVirtualList({ label: 'Log events, newest first (Enter shows the whole event)', rowHeight: 26, empty: 'No log events match. Log something from the app (winston-cloudwatch to the group), or change the pattern.', renderRow, onActivate: (i) => expand(i) });
  const expanded = h('section', { class: 'tv-l-expanded', 'aria-label': 'Selected log event' });
  host.replaceChildren(h('section', { class: 'tv-logs', 'aria-label': 'CloudWatch Logs' }, form, problem, status, header, list.element, expanded));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    select();
  });
  groupSelect.addEventListener('change', () => {
    fillStreams();
    select();
  });
  streamSelect.addEventListener('change', () => select());
  tailBox.addEventListener('change', () => (tailBox.checked ? startTail(generation) : stopTail?.()));

  const redraw = throttle(() => {
    list.update(buffer.events.length);
    status.textContent = statusText();
  }, 100);

  async function loadGroups(): Promise<void> {
    try {
      const reply = await source.get<{ groups: LogGroup[] }>('aws', '/workshop/logs/groups');
      if (disposed) return;
      groups = reply.groups;
      const chosen = groupSelect.value;
      groupSelect.replaceChildren(h('option', { value: '' }, 'all log groups'), ...groups.map((g) => h('option', { value: g.name, selected: g.name === chosen }, `${g.name} (${g.streams.length} stream${g.streams.length === 1 ? '' : 's'})`)));
      fillStreams();
    } catch (error) {
      status.textContent = `Could not read log groups from the local cloud: ${messageOf(error)}`;
    }
  }

  function fillStreams(): void {
    const group = groups.find((g) => g.name === groupSelect.value);
    const chosen = streamSelect.value;
    streamSelect.replaceChildren(h('option', { value: '' }, 'all streams'), ...(group?.streams ?? []).map((s) => h('option', { value: s.name, selected: s.name === chosen }, `${s.name} (${s.eventCount})`)));
  }

  async function select(): Promise<void> {
    const mine = ++generation;
    stopTail?.();
    stopTail = undefined;
    selection = { group: groupSelect.value, stream: streamSelect.value, pattern: pattern.value };
    try {
      const reply = await source.get<{ events: LogEvent[]; lastSeq: number }>('aws', eventsPath(selection, capacity));
      if (disposed || mine !== generation) return;
      problem.textContent = '';
      pattern.removeAttribute('aria-invalid');
      buffer.reset(reply.events, reply.lastSeq);
      list.update(buffer.events.length);
      status.textContent = statusText();
      if (tailBox.checked) startTail(mine);
    } catch (error) {
      if (mine !== generation) return;
      problem.textContent = `That search did not run: ${messageOf(error)}`;
      pattern.setAttribute('aria-invalid', 'true');
    }
  }

  function startTail(mine: number): void {
    stopTail?.();
    stopTail = source.follow('aws', tailPath(selection, buffer.lastSeq), (data) => {
      if (mine !== generation || !Array.isArray(data)) return;
      if (buffer.add(data as LogEvent[]) > 0) redraw();
      // A new stream appears in the pickers as soon as it has events.
      if ((data as LogEvent[]).some((e) => !groups.some((g) => g.name === e.group && g.streams.some((s) => s.name === e.stream)))) void loadGroups();
    });
  }

  function statusText(): string {
    const where = selection.group ? `in ${selection.group}${selection.stream ? ` / ${selection.stream}` : ''}` : 'in every group';
    return `${buffer.events.length.toLocaleString('en-US')} event${buffer.events.length === 1 ? '' : 's'} ${where}${selection.pattern?.trim() ? ` matching ${selection.pattern.trim()}` : ''}${tailBox.checked ? ' · tailing live' : ''}`;
  }

  function renderRow(i: number): Node {
    const e = buffer.events[i];
    if (e === undefined) return h('span');
    const level = levelOf(e.message);
    return h('div', { class: 'tv-l-row' },
      h('span', { class: 'tv-mono' }, formatTimestamp(e.timestamp)),
      h('span', { class: 'tv-ellipsis', title: `${e.group} / ${e.stream}` }, e.stream),
      h('span', { class: level ? `tv-l-level tv-l-${level}` : '' }, level ?? ''),
      h('span', { class: 'tv-ellipsis tv-mono', title: e.message }, e.message),
    );
  }

  function expand(i: number): void {
    const e = buffer.events[i];
    if (e === undefined) return;
    let body = e.message;
    try {
      body = JSON.stringify(JSON.parse(e.message), null, 2);
    } catch {
      // Not JSON: shown as sent.
    }
    expanded.replaceChildren(h('h2', {}, `${formatTimestamp(e.timestamp)} · ${e.group} / ${e.stream}`), h('pre', { tabindex: 0 }, body), h('p', { class: 'tv-muted' }, `Ingested ${formatTimestamp(e.ingestionTime)}`));
  }

  void loadGroups().then(() => select());

  return () => {
    disposed = true;
    generation += 1;
    redraw.cancel();
    stopTail?.();
    list.destroy();
    host.replaceChildren();
  };
};

const css = `
.tv-logs { display: flex; flex-direction: column; gap: .5rem; font-size: .875rem; }
.tv-l-form { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.tv-l-pattern { flex: 1 1 20rem; font-family: var(--mono, monospace); }
.tv-l-pattern[aria-invalid='true'] { outline: 2px solid var(--fail, #c43c3c); }
.tv-l-problem { margin: 0; color: var(--fail, #b00020); font-weight: 600; }
.tv-l-problem:empty { display: none; }
.tv-status { margin: 0; color: var(--muted, #555); }
.tv-muted { color: var(--muted, #666); }
.tv-l-row { display: grid; grid-template-columns: 13.5rem 8rem 3.5rem 1fr; gap: .5rem; width: 100%; align-items: center; }
.tv-l-head { font-weight: 600; padding: 0 .5rem; }
.tv-mono { font-family: var(--mono, monospace); font-size: .8rem; }
.tv-ellipsis { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tv-l-level { font-size: .7rem; font-weight: 700; text-transform: uppercase; border: 1px solid currentColor; border-radius: 3px; padding: 0 .25rem; justify-self: start; }
.tv-l-error { color: #8f1f1f; } .tv-l-warn { color: #6b4b00; } .tv-l-info { color: #1d4785; } .tv-l-debug { color: #444; }
.tv-l-expanded pre { background: var(--code-bg, #f4f4f4); padding: .5rem; overflow: auto; max-height: 16rem; white-space: pre-wrap; }
.tv-l-expanded h2 { font-size: .9rem; margin: 0; }
`;
