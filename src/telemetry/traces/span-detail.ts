/** The detail pane of one span: identity, timing, status, attributes, resource, events and links. */
import { el } from '../ui/dom.ts';
import { nanosToMicros, serviceOf, type Attributes, type AttrValue, type SpanJson } from './span.ts';
import { formatDuration, type SpanTree } from './waterfall-layout.ts';

export function renderSpanDetail(host: HTMLElement, span: SpanJson | undefined, tree: SpanTree, openTrace: (traceId: string) => void): void {
  if (!span) {
    host.replaceChildren(el('p', { class: 'tm-muted', text: 'Choose a span (click it, or move with the arrow keys and press Enter) to see its attributes, resource, events and links.' }));
    return;
  }
  const startUs = nanosToMicros(span.startTimeUnixNano);
  const endUs = nanosToMicros(span.endTimeUnixNano);
  const parent = span.parentSpanId ? tree.byId.get(span.parentSpanId)?.span : undefined;
  const facts: Array<[string, string]> = [
    ['Service', serviceOf(span)],
    ['Kind', span.kind],
    ['Duration', formatDuration(endUs - startUs)],
    ['Starts at', `${formatDuration(startUs - tree.startUs)} into the trace`],
    ['Status', span.status.code + (span.status.message ? `: ${span.status.message}` : '')],
    ['Span id', span.spanId],
    ['Parent', span.parentSpanId ? (parent ? `${parent.name} (${span.parentSpanId})` : `${span.parentSpanId} (not received)`) : 'none: this is a root span'],
    ['Trace id', span.traceId],
    ['Instrumentation scope', span.scope.name + (span.scope.version ? ` ${span.scope.version}` : '')],
  ];
  const sections: Node[] = [
    el('h3', { class: 'tm-detail-title' }, span.status.code === 'error' ? el('span', { class: 'tm-badge tm-error', text: '⚠ error' }) : '', ' ', span.name),
    el('dl', { class: 'tm-facts' }, ...facts.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })])),
    attributeSection('Attributes', span.attributes),
    attributeSection('Resource', span.resource),
  ];
  sections.push(el('h4', { text: `Events (${span.events.length})` }));
  if (span.events.length === 0) sections.push(el('p', { class: 'tm-muted', text: 'No events.' }));
  for (const event of span.events) {
    sections.push(el('p', { class: 'tm-event' }, el('strong', { text: event.name }), ` at ${formatDuration(nanosToMicros(event.timeUnixNano) - startUs)} into the span`), attributeTable(event.attributes));
  }
  sections.push(el('h4', { text: `Links (${span.links.length})` }));
  if (span.links.length === 0) sections.push(el('p', { class: 'tm-muted', text: 'No links.' }));
  for (const link of span.links) {
    const button = el('button', { class: 'tm-link-button', text: `Trace ${link.traceId}, span ${link.spanId}`, attrs: { type: 'button' } });
    button.addEventListener('click', () => openTrace(link.traceId));
    sections.push(el('div', { class: 'tm-event' }, button), attributeTable(link.attributes));
  }
  host.replaceChildren(...sections);
}

function attributeSection(title: string, attributes: Attributes): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const count = Object.keys(attributes).length;
  fragment.append(el('h4', { text: `${title} (${count})` }), count === 0 ? el('p', { class: 'tm-muted', text: 'None.' }) : attributeTable(attributes));
  return fragment;
}

function attributeTable(attributes: Attributes): Node {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return document.createDocumentFragment();
  return el(
    'table',
    { class: 'tm-attrs' },
    el('tbody', {}, ...keys.map((key) => el('tr', {}, el('th', { text: key, attrs: { scope: 'row' } }), el('td', { text: formatValue(attributes[key] ?? null) })))),
  );
}

function formatValue(value: AttrValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
