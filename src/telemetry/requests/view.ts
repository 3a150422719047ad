/**
 * The Requests view: send a request to the learner's backend (a Cruddur route, or any method/path/body), see the
 * status, headers, body and time, and jump to the trace the request produced.
 */
import type { TelemetrySource, ViewLink } from '../source.ts';
import { el } from '../ui/dom.ts';
import type { SpanJson } from '../traces/span.ts';
import { methods, requestProblem, type AppRequest, type AppResponse, type Method } from './app-request.ts';
import { cruddurRoutes } from './cruddur-routes.ts';
import { matchServerSpan, traceIdFromHeaders, type TraceMatch } from './trace-match.ts';

export interface AppClient {
  send(request: AppRequest): Promise<AppResponse>;
}

const pollMs = 1000;
/** The SDK's batch processor exports every 5 s by default; give it a few rounds before giving up. */
const matchDeadlineMs = 20_000;

export function mountRequests(host: HTMLElement, source: TelemetrySource, open: (link: ViewLink) => void, app: AppClient): () => void {
  const preset = el('select', { attrs: { id: 'tm-req-preset', name: 'preset' } }, el('option', { text: 'Choose a Cruddur route…', attrs: { value: '' } }), ...cruddurRoutes.map((route, i) => el('option', { text: `${route.label}: ${route.method} ${route.path}`, attrs: { value: String(i) } })));
  const method = el('select', { attrs: { id: 'tm-req-method', name: 'method' } }, ...methods.map((name) => el('option', { text: name, attrs: { value: name } })));
  const path = el('input', { attrs: { id: 'tm-req-path', name: 'path', value: '/api/activities/home', spellcheck: 'false', autocomplete: 'off', required: '' } });
  const body = el('textarea', { attrs: { id: 'tm-req-body', name: 'body', rows: '3', spellcheck: 'false', placeholder: '{"message": "…"} (JSON, for POST)' } });
  const send = el('button', { class: 'button primary', text: 'Send', attrs: { type: 'submit' } });
  const form = el(
    'form',
    { class: 'tm-request-form', attrs: { 'aria-label': 'Request to the backend' } },
    el('label', { text: 'Route', attrs: { for: 'tm-req-preset' } }),
    preset,
    el('span', { class: 'tm-request-line' }, el('label', { class: 'visually-hidden', text: 'Method', attrs: { for: 'tm-req-method' } }), method, el('label', { class: 'visually-hidden', text: 'Path', attrs: { for: 'tm-req-path' } }), path, send),
    el('label', { text: 'Body (JSON)', attrs: { for: 'tm-req-body' } }),
    body,
  );
  const status = el('p', { class: 'tm-request-status', attrs: { role: 'status' } });
  const result = el('div', { class: 'tm-request-result' });
  const root = el('div', { class: 'tm-requests' }, form, status, result);
  host.append(root);
  let stopMatching: (() => void) | undefined;

  preset.addEventListener('change', () => {
    const route = cruddurRoutes[Number(preset.value)];
    if (!route || preset.value === '') return;
    method.value = route.method;
    path.value = route.path;
    body.value = route.body ?? '';
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const request: AppRequest = { method: method.value as Method, path: path.value.trim(), ...(body.value.trim() ? { body: body.value } : {}) };
    const problem = requestProblem(request);
    if (problem) {
      status.textContent = problem;
      status.dataset.state = 'error';
      return;
    }
    stopMatching?.();
    send.disabled = true;
    status.dataset.state = 'sending';
    status.textContent = `Sending ${request.method} ${request.path}…`;
    app
      .send(request)
      .then((response) => {
        status.dataset.state = response.status < 400 ? 'ok' : 'error';
        status.textContent = `${request.method} ${request.path}: ${response.status} ${response.statusText} in ${response.timeMs.toFixed(1)} ms`;
        const traceLine = el('p', { class: 'tm-trace-link', attrs: { 'aria-live': 'polite' } });
        result.replaceChildren(traceLine, responseDetails(response));
        stopMatching = findTrace(source, request, response, (match) => showMatch(traceLine, match, open));
      })
      .catch((error: unknown) => {
        status.dataset.state = 'error';
        status.textContent = `The request failed: ${(error as Error).message}`;
        result.replaceChildren();
      })
      .finally(() => {
        send.disabled = false;
      });
  });
  return () => {
    stopMatching?.();
    root.remove();
  };
}

function showMatch(line: HTMLElement, match: TraceMatch | 'searching' | 'none', open: (link: ViewLink) => void): void {
  if (match === 'searching') {
    line.textContent = 'Looking for the trace this request produced…';
    return;
  }
  if (match === 'none') {
    line.textContent = 'No trace arrived for this request. Is the app instrumented, and is its exporter pointed at the local cloud?';
    return;
  }
  const button = el('button', { class: 'button', text: `Open trace ${match.traceId.slice(0, 8)}…`, attrs: { type: 'button', 'data-trace-id': match.traceId } });
  button.addEventListener('click', () => open({ view: 'traces', traceId: match.traceId }));
  const how = match.how === 'traceparent' ? 'from the response’s traceparent header' : 'the first server span for this path that arrived after the request (a best guess: no traceparent in the response)';
  line.replaceChildren(button, ` ${how}`);
}

function findTrace(source: TelemetrySource, request: AppRequest, response: AppResponse, report: (match: TraceMatch | 'searching' | 'none') => void): () => void {
  const fromHeader = traceIdFromHeaders(response.headers);
  if (fromHeader) {
    report({ traceId: fromHeader, how: 'traceparent' });
    return () => undefined;
  }
  report('searching');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const deadline = Date.now() + matchDeadlineMs;
  const poll = async () => {
    try {
      const page = await source.get<{ spans: SpanJson[] }>('otlp', `/workshop/spans?since=${response.sentAt - 1000}&limit=1000`);
      const span = matchServerSpan(page.spans, request.method, request.path, response.sentAt);
      if (stopped) return;
      if (span) return report({ traceId: span.traceId, how: 'server-span' });
    } catch {
      // The cloud may be restarting; try again until the deadline.
    }
    if (stopped) return;
    if (Date.now() > deadline) report('none');
    else timer = setTimeout(() => void poll(), pollMs);
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function responseDetails(response: AppResponse): Node {
  const headers = el('table', { class: 'tm-attrs' }, el('tbody', {}, ...response.headers.map(([name, value]) => el('tr', {}, el('th', { text: name, attrs: { scope: 'row' } }), el('td', { text: value })))));
  const type = response.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
  let text = response.body;
  if (type.includes('json')) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Says JSON but is not: show it as it came.
    }
  }
  return el(
    'div',
    { class: 'tm-response' },
    el('h3', { text: `Headers (${response.headers.length})` }),
    headers,
    el('h3', { text: `Body${response.truncated ? ' (first 1 MB)' : ''}` }),
    el('pre', { class: 'tm-response-body', text: text === '' ? '(empty)' : text, attrs: { tabindex: '0', 'aria-label': 'Response body' } }),
  );
}
