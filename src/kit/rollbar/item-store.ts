/**
 * Rollbar items and their occurrences. Occurrences live in a BoundedStore (default 10,000, oldest evicted and
 * counted); items are the groups (see grouping.ts) with an occurrence count, first/last seen and the worst level,
 * capped at the same number and evicted least-recently-seen first.
 *
 * Each occurrence's payload is kept as a JSON string, not an object graph: rollbar.js items (frames with source
 * context, telemetry, notifier options) are several KiB each and strings cost about a byte per character. Over
 * `maxOccurrenceBytes` the bulky optional parts (telemetry, configured options) are dropped first.
 */
import { BoundedStore, type StoredRecord } from '../store/bounded-store.ts';
import { groupingOf } from './grouping.ts';
import { levels, type BodyKind, type RollbarData } from './validate.ts';

export const defaultRollbarCapacity = 10_000;
export const maxOccurrenceBytes = 64 * 1024;

export interface RollbarOccurrence {
  uuid: string;
  itemId: number;
  receivedAt: number;
  level: string;
  environment: string;
  title: string;
  kind: BodyKind;
  /** The scrubbed `data` object, serialized (possibly trimmed: see `trimmed`). */
  dataJson: string;
  trimmed: boolean;
  tokenHint?: string;
}

export interface RollbarItem {
  /** Project-wide counter, like Rollbar's item numbers. */
  id: number;
  fingerprint: string;
  title: string;
  /** The most severe level seen. */
  level: string;
  kind: BodyKind;
  environments: string[];
  firstSeen: number;
  lastSeen: number;
  occurrences: number;
  lastOccurrenceUuid: string;
  framework?: string;
  language?: string;
}

export class RollbarStore {
  readonly occurrences: BoundedStore<RollbarOccurrence>;
  /** By fingerprint; Map order is least-recently-seen first. */
  readonly #items = new Map<string, RollbarItem>();
  readonly #byId = new Map<number, RollbarItem>();
  readonly maxItems: number;
  #nextId = 1;
  #itemsEvicted = 0;

  constructor(options: { capacity?: number } = {}) {
    const capacity = options.capacity ?? defaultRollbarCapacity;
    this.occurrences = new BoundedStore<RollbarOccurrence>({ capacity });
    this.maxItems = capacity;
  }

  get itemCount(): number {
    return this.#items.size;
  }

  get itemsEvicted(): number {
    return this.#itemsEvicted;
  }

  /** `data` must be validated and scrubbed already. */
  add(data: RollbarData, kind: BodyKind, uuid: string, now: number, tokenHint?: string): { item: RollbarItem; record: StoredRecord<RollbarOccurrence> } {
    const { fingerprint, title } = groupingOf(data, kind);
    const level = typeof data['level'] === 'string' ? data['level'] : kind === 'message' ? 'info' : 'error';
    let item = this.#items.get(fingerprint);
    if (item === undefined) {
      item = { id: this.#nextId++, fingerprint, title, level, kind, environments: [], firstSeen: now, lastSeen: now, occurrences: 0, lastOccurrenceUuid: uuid };
      if (typeof data['framework'] === 'string') item.framework = data['framework'];
      if (typeof data['language'] === 'string') item.language = data['language'];
      this.#byId.set(item.id, item);
    } else {
      this.#items.delete(fingerprint);
    }
    this.#items.set(fingerprint, item);
    item.occurrences += 1;
    item.lastSeen = now;
    item.lastOccurrenceUuid = uuid;
    item.title = title;
    if (severity(level) > severity(item.level)) item.level = level;
    if (!item.environments.includes(data.environment) && item.environments.length < 20) item.environments.push(data.environment);
    this.#evictItems();
    const { json, trimmed } = serialize(data);
    const occurrence: RollbarOccurrence = { uuid, itemId: item.id, receivedAt: now, level, environment: data.environment, title, kind, dataJson: json, trimmed };
    if (tokenHint !== undefined) occurrence.tokenHint = tokenHint;
    const [record] = this.occurrences.add([occurrence]);
    return { item, record: record as StoredRecord<RollbarOccurrence> };
  }

  /** Most recently seen first. */
  items(): RollbarItem[] {
    return [...this.#items.values()].reverse();
  }

  item(id: number): RollbarItem | undefined {
    return this.#byId.get(id);
  }

  /** The item's stored occurrences, newest first. */
  occurrencesOf(itemId: number, limit: number): StoredRecord<RollbarOccurrence>[] {
    return this.occurrences.query({ where: (o) => o.itemId === itemId, limit });
  }

  #evictItems(): void {
    while (this.#items.size > this.maxItems) {
      const oldest = this.#items.keys().next().value;
      if (oldest === undefined) return;
      const item = this.#items.get(oldest);
      this.#items.delete(oldest);
      if (item !== undefined) this.#byId.delete(item.id);
      this.#itemsEvicted += 1;
    }
  }
}

function severity(level: string): number {
  const i = (levels as readonly string[]).indexOf(level);
  return i < 0 ? 0 : levels.length - i;
}

function serialize(data: RollbarData): { json: string; trimmed: boolean } {
  const json = JSON.stringify(data);
  if (json.length <= maxOccurrenceBytes) return { json, trimmed: false };
  const lighter: Record<string, unknown> = { ...data, body: { ...data.body } };
  delete (lighter['body'] as Record<string, unknown>)['telemetry'];
  if (typeof lighter['notifier'] === 'object' && lighter['notifier'] !== null) {
    const { configured_options: _dropped, ...notifier } = lighter['notifier'] as Record<string, unknown>;
    lighter['notifier'] = notifier;
  }
  const lighterJson = JSON.stringify(lighter);
  if (lighterJson.length <= maxOccurrenceBytes) return { json: lighterJson, trimmed: true };
  // Still too big (huge frames or custom data): keep what identifies the occurrence.
  const keep: Record<string, unknown> = { environment: data.environment, level: data['level'], timestamp: data['timestamp'], uuid: data['uuid'], title: data['title'] };
  keep['note'] = `payload of ${json.length} characters trimmed to its summary by the workshop stand-in (limit ${maxOccurrenceBytes})`;
  return { json: JSON.stringify(keep), trimmed: true };
}
