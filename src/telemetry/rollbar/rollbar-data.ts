/**
 * What the Rollbar view shows, computed from the local cloud's items and occurrences: items filtered and ordered,
 * and an occurrence's trace chain (frames with code context), request, person and server, read from the payload
 * exactly as the rollbar SDK sends it (body.trace or body.trace_chain; data.request; data.person; data.server).
 */

export interface RollbarItem {
  id: number;
  fingerprint: string;
  title: string;
  level: string;
  kind: string;
  environments: string[];
  firstSeen: number;
  lastSeen: number;
  occurrences: number;
  framework?: string;
  language?: string;
}

export interface OccurrenceSummary {
  seq: number;
  uuid: string;
  itemId: number;
  receivedAt: number;
  level: string;
  environment: string;
  title: string;
  kind: string;
  trimmed: boolean;
  data?: Record<string, unknown>;
}

export interface Frame {
  filename: string;
  lineno: number | undefined;
  colno: number | undefined;
  method: string;
  code: string | undefined;
  pre: string[];
  post: string[];
}

export interface ChainLink {
  exceptionClass: string;
  message: string;
  /** Innermost (where it was thrown) last, as Rollbar sends frames. */
  frames: Frame[];
}

export interface OccurrenceDetail {
  chain: ChainLink[];
  message: string | undefined;
  request: { method?: string; url?: string; userIp?: string; headers: [string, string][]; query: [string, string][]; body?: string } | undefined;
  person: [string, string][];
  server: [string, string][];
  custom: unknown;
}

export const levelOrder = ['critical', 'error', 'warning', 'info', 'debug'];

export interface ItemFilter {
  level?: string;
  environment?: string;
  text?: string;
}

/** Items matching the filter, most recently seen first (ties: more occurrences first). */
export function filterItems(items: readonly RollbarItem[], filter: ItemFilter): RollbarItem[] {
  const text = filter.text?.trim().toLowerCase() ?? '';
  return items
    .filter((i) => (filter.level ? i.level === filter.level : true) && (filter.environment ? i.environments.includes(filter.environment) : true) && (text === '' || i.title.toLowerCase().includes(text) || String(i.id) === text))
    .sort((a, b) => b.lastSeen - a.lastSeen || b.occurrences - a.occurrences);
}

export function environmentsOf(items: readonly RollbarItem[]): string[] {
  return [...new Set(items.flatMap((i) => i.environments))].sort();
}

export function occurrenceDetail(data: Record<string, unknown> | undefined): OccurrenceDetail {
  const body = record(data?.['body']);
  const traces = Array.isArray(body['trace_chain']) ? body['trace_chain'] : body['trace'] !== undefined ? [body['trace']] : [];
  const chain = traces.map((t): ChainLink => {
    const trace = record(t);
    const exception = record(trace['exception']);
    const frames = Array.isArray(trace['frames']) ? trace['frames'].map(frameOf) : [];
    return { exceptionClass: String(exception['class'] ?? 'Error'), message: String(exception['message'] ?? ''), frames };
  });
  const messageBody = record(body['message'])['body'];
  const req = data?.['request'];
  let request: OccurrenceDetail['request'];
  if (req !== undefined && req !== null && typeof req === 'object') {
    const r = record(req);
    request = {
      headers: pairs(r['headers']),
      query: pairs(r['GET'] ?? r['query_string']),
      ...(typeof r['method'] === 'string' ? { method: r['method'] } : {}),
      ...(typeof r['url'] === 'string' ? { url: r['url'] } : {}),
      ...(typeof r['user_ip'] === 'string' ? { userIp: r['user_ip'] } : {}),
      ...(r['body'] !== undefined && r['body'] !== '' ? { body: typeof r['body'] === 'string' ? r['body'] : JSON.stringify(r['body']) } : {}),
    };
  }
  return { chain, message: typeof messageBody === 'string' ? messageBody : undefined, request, person: pairs(data?.['person']), server: pairs(data?.['server']), custom: data?.['custom'] };
}

function frameOf(value: unknown): Frame {
  const f = record(value);
  const context = record(f['context']);
  return {
    filename: String(f['filename'] ?? '?'),
    lineno: typeof f['lineno'] === 'number' ? f['lineno'] : undefined,
    colno: typeof f['colno'] === 'number' ? f['colno'] : undefined,
    method: String(f['method'] ?? '<anonymous>'),
    code: typeof f['code'] === 'string' ? f['code'] : undefined,
    pre: strings(context['pre']),
    post: strings(context['post']),
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function pairs(value: unknown): [string, string][] {
  return Object.entries(record(value)).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}

/** "3 s ago", "5 min ago", "2 h ago", or the date. */
export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ms).toISOString().slice(0, 10);
}
