/**
 * The CloudWatch Logs view's data: the groups/streams reply, query paths for the events route and its live tail
 * (the filter pattern itself is compiled by the local cloud's own filter-pattern parser), and a bounded,
 * newest-first event buffer that live batches merge into without duplicates.
 */

export interface LogStream {
  name: string;
  creationTime: number;
  lastEventTimestamp: number | null;
  lastIngestionTime: number | null;
  eventCount: number;
  storedBytes: number;
}

export interface LogGroup {
  name: string;
  retentionInDays: number | null;
  streams: LogStream[];
}

export interface LogEvent {
  seq: number;
  group: string;
  stream: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface EventSelection {
  group?: string;
  stream?: string;
  pattern?: string;
}

export function eventsPath(selection: EventSelection, limit: number): string {
  return `/workshop/logs/events?${params(selection, { limit: String(limit) })}`;
}

export function tailPath(selection: EventSelection, after: number): string {
  return `/workshop/logs/events/stream?${params(selection, { after: String(after) })}`;
}

function params(selection: EventSelection, extra: Record<string, string>): string {
  const p = new URLSearchParams();
  if (selection.group) p.set('group', selection.group);
  if (selection.stream) p.set('stream', selection.stream);
  if (selection.pattern?.trim()) p.set('pattern', selection.pattern.trim());
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

/** Newest first, at most `capacity`; `add` takes a live batch (oldest first) and skips what it already holds. */
export class EventBuffer {
  readonly capacity: number;
  #events: LogEvent[] = [];
  #lastSeq = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get events(): readonly LogEvent[] {
    return this.#events;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Replaces the contents with a page from the events route (newest first). */
  reset(newestFirst: readonly LogEvent[], lastSeq: number): void {
    this.#events = newestFirst.slice(0, this.capacity);
    this.#lastSeq = lastSeq;
  }

  /** Adds a live batch; returns how many were new. */
  add(batch: readonly LogEvent[]): number {
    const fresh = batch.filter((e) => e.seq > this.#lastSeq).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return 0;
    this.#lastSeq = fresh[fresh.length - 1]?.seq ?? this.#lastSeq;
    this.#events = [...fresh.reverse(), ...this.#events].slice(0, this.capacity);
    return fresh.length;
  }
}

/** `2023-02-25 18:39:27.123` in local time: the console's column format. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** The level a winston / JSON log line carries, for a text badge (never colour alone). */
export function levelOf(message: string): string | undefined {
  const json = /"level"\s*:\s*"(\w+)"/.exec(message);
  if (json) return json[1]?.toLowerCase();
  // winston-cloudwatch's default format, which the course's logger uses: "info - HomeActivities".
  const winston = /^(error|warn|info|http|verbose|debug|silly) - /.exec(message)?.[1];
  if (winston) return ['error', 'warn', 'info'].includes(winston) ? winston : 'debug';
  const word = /\b(ERROR|WARN(?:ING)?|INFO|DEBUG)\b/.exec(message);
  return word?.[1]?.toLowerCase().replace('warning', 'warn');
}
