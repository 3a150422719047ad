/**
 * The X-Ray segment store: a BoundedStore (ring buffer, eviction count, change feed) of received documents, indexed
 * by trace id and by `<trace_id>/<id>`. A complete document replaces an `in_progress` one with the same id (the
 * older record stays in the ring until evicted but no query returns it); a late `in_progress` copy of a document
 * that already ended is ignored. It also keeps the ingest counters (accepted, dropped by reason), so every way in
 * (UDP, the HTTP shim path, PutTraceSegments) reports into one place that the stats route reads.
 */
import { BoundedStore, type StoredRecord } from '../store/bounded-store.ts';
import { assembleTrace, type AssembledTrace } from './trace-assembly.ts';
import { dropReasons, walkDocument, type DropReason, type SegmentDocument } from './segment-doc.ts';

export const defaultSegmentCapacity = 20_000;

export type IngestVia = 'udp' | 'http' | 'api';

export interface StoredSegment {
  /** `<trace_id>/<id>` in lower case: ids are only promised unique within a trace; hex is case-blind. */
  key: string;
  traceId: string;
  id: string;
  parentId: string | undefined;
  kind: 'segment' | 'subsegment';
  name: string;
  startTime: number;
  endTime: number | undefined;
  inProgress: boolean;
  /** ms since the epoch, receiver clock. */
  receivedAt: number;
  via: IngestVia;
  document: SegmentDocument;
}

export interface IngestStats {
  /** Documents (or datagrams) offered, valid or not. */
  received: number;
  accepted: number;
  /** Valid, but an equal or more complete copy was already stored. */
  superseded: number;
  dropped: Record<DropReason, number>;
  droppedTotal: number;
  lastDrop?: { reason: DropReason; message: string; via: IngestVia; at: number };
}

export interface SegmentQuery {
  traceId?: string;
  /** X-Ray service name: a segment's name; a subsegment belongs to its segment's service. */
  service?: string;
  /** Document name, exact. */
  name?: string;
  kind?: 'segment' | 'subsegment';
  /** Document time overlaps [from, to] (epoch seconds). */
  from?: number;
  to?: number;
  /** Received at or after / before (ms since the epoch). */
  since?: number;
  until?: number;
  afterSeq?: number;
  /** Most results, newest first. */
  limit?: number;
}

export class SegmentStore extends BoundedStore<StoredSegment> {
  readonly #now: () => number;
  /** The current version of each document (identity tells a replaced record from the current one). */
  #current = new Map<string, StoredSegment>();
  #traces = new Map<string, Set<StoredSegment>>();
  /** Everything added, in sequence order (#order[#orderHead + i] has seq #orderBaseSeq + i), to forget evicted index entries. */
  #order: StoredSegment[] = [];
  #orderHead = 0;
  #orderBaseSeq = 1;
  #stats: IngestStats = emptyStats();

  constructor(options: { capacity?: number; now?: () => number } = {}) {
    super({ capacity: options.capacity ?? defaultSegmentCapacity });
    this.#now = options.now ?? Date.now;
  }

  /** Stores already-validated documents (see segment-doc.ts). */
  put(documents: readonly SegmentDocument[], via: IngestVia): StoredRecord<StoredSegment>[] {
    const receivedAt = this.#now();
    this.#stats.received += documents.length;
    return this.add(documents.map((document) => toStored(document, via, receivedAt)));
  }

  /** Counts a refused datagram or document. */
  noteDrop(reason: DropReason, message: string, via: IngestVia): void {
    this.#stats.received += 1;
    this.#stats.dropped[reason] += 1;
    this.#stats.droppedTotal += 1;
    this.#stats.lastDrop = { reason, message, via, at: this.#now() };
  }

  get ingestStats(): IngestStats {
    return structuredClone(this.#stats);
  }

  override add(values: readonly StoredSegment[]): StoredRecord<StoredSegment>[] {
    const accepted: StoredSegment[] = [];
    // Indexed before the base class notifies subscribers, so a subscriber that queries sees the new state.
    for (const value of values) {
      const existing = this.#current.get(value.key);
      if (existing !== undefined && !replaces(existing, value)) {
        this.#stats.superseded += 1;
        continue;
      }
      if (existing !== undefined) this.#traces.get(traceKeyOf(existing))?.delete(existing);
      this.#current.set(value.key, value);
      const traceKey = traceKeyOf(value);
      let members = this.#traces.get(traceKey);
      if (members === undefined) this.#traces.set(traceKey, (members = new Set()));
      members.add(value);
      accepted.push(value);
    }
    // The base class numbers records lastSeq + 1, + 2, ...: #order stays aligned with sequence numbers.
    if (this.#orderHead === this.#order.length) {
      this.#order = [];
      this.#orderHead = 0;
      this.#orderBaseSeq = this.lastSeq + 1;
    }
    for (const value of accepted) this.#order.push(value);
    this.#stats.accepted += accepted.length;
    const added = super.add(accepted);
    this.#forgetEvicted();
    return added;
  }

  override clear(): void {
    super.clear();
    this.#current.clear();
    this.#traces.clear();
    this.#order = [];
    this.#orderHead = 0;
    this.#orderBaseSeq = this.lastSeq + 1;
  }

  /** False for a record that a newer version of the same document replaced. */
  isCurrent(record: StoredRecord<StoredSegment>): boolean {
    return this.#current.get(record.value.key) === record.value;
  }

  get traceCount(): number {
    return this.#traces.size;
  }

  /** Current documents, newest first. */
  find(query: SegmentQuery = {}): StoredRecord<StoredSegment>[] {
    const traceId = query.traceId?.toLowerCase();
    const match = (s: StoredSegment): boolean =>
      (traceId === undefined || s.traceId.toLowerCase() === traceId) &&
      (query.kind === undefined || s.kind === query.kind) &&
      (query.name === undefined || s.name === query.name) &&
      (query.from === undefined || (s.endTime ?? Number.POSITIVE_INFINITY) >= query.from) &&
      (query.to === undefined || s.startTime <= query.to) &&
      (query.since === undefined || s.receivedAt >= query.since) &&
      (query.until === undefined || s.receivedAt <= query.until) &&
      (query.service === undefined || this.serviceOf(s) === query.service);
    return this.query({ afterSeq: query.afterSeq, limit: query.limit, where: (s) => this.#current.get(s.key) === s && match(s) });
  }

  /** Trace ids, the most recently updated first. */
  traceIds(options: { limit?: number } = {}): string[] {
    const seen = new Set<string>();
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.query({
      where: (s) => {
        if (seen.size < limit && this.#current.get(s.key) === s) seen.add(s.traceId);
        return false;
      },
    });
    return [...seen];
  }

  /** The trace with lone subsegments attached; undefined when nothing of it is stored. */
  trace(traceId: string): AssembledTrace | undefined {
    const members = this.#members(traceId);
    const first = members[0];
    if (first === undefined) return undefined;
    return assembleTrace(first.traceId, members.map((m) => m.document));
  }

  /** The service (segment name) a stored document belongs to, when it can be told. */
  serviceOf(stored: StoredSegment): string | undefined {
    if (stored.kind === 'segment') return stored.name;
    const records = this.#members(stored.traceId);
    const segments = records.filter((r) => r.kind === 'segment');
    // Follow parent ids up through other lone subsegments (bounded: ids can form a cycle).
    let parentId = stored.parentId;
    for (let hops = 0; parentId !== undefined && hops < 64; hops++) {
      const wanted = parentId;
      const owner = segments.find((s) => containsId(s.document, wanted));
      if (owner !== undefined) return owner.name;
      parentId = records.find((r) => r.kind === 'subsegment' && containsId(r.document, wanted))?.parentId;
    }
    return segments.length === 1 ? segments[0]?.name : undefined;
  }

  /** The current documents of one trace, in arrival order. */
  #members(traceId: string): StoredSegment[] {
    return [...(this.#traces.get(traceId.toLowerCase()) ?? [])];
  }

  #forgetEvicted(): void {
    // The ring holds exactly the records with seq > lastSeq - size; older ones leave the indexes too.
    const evictedCount = this.lastSeq - this.size - this.#orderBaseSeq + 1;
    for (let i = 0; i < evictedCount; i++) {
      const gone = this.#order[this.#orderHead + i] as StoredSegment;
      if (this.#current.get(gone.key) !== gone) continue;
      this.#current.delete(gone.key);
      const traceKey = traceKeyOf(gone);
      const members = this.#traces.get(traceKey);
      members?.delete(gone);
      if (members !== undefined && members.size === 0) this.#traces.delete(traceKey);
    }
    if (evictedCount <= 0) return;
    this.#orderHead += evictedCount;
    this.#orderBaseSeq += evictedCount;
    // Compact now and then instead of shifting the array on every add.
    if (this.#orderHead > 4096 && this.#orderHead * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#orderHead);
      this.#orderHead = 0;
    }
  }
}

function toStored(document: SegmentDocument, via: IngestVia, receivedAt: number): StoredSegment {
  const inProgress = document.in_progress === true;
  return {
    key: `${document.trace_id}/${document.id}`.toLowerCase(),
    traceId: document.trace_id,
    id: document.id,
    parentId: document.parent_id,
    kind: document.type === 'subsegment' ? 'subsegment' : 'segment',
    name: document.name,
    startTime: document.start_time,
    endTime: inProgress ? undefined : document.end_time,
    inProgress,
    receivedAt,
    via,
    document,
  };
}

/** A newer copy wins unless it would turn an ended document back into an open one (UDP can reorder). */
function replaces(existing: StoredSegment, incoming: StoredSegment): boolean {
  return existing.inProgress || !incoming.inProgress;
}

function containsId(doc: SegmentDocument, id: string): boolean {
  let found = false;
  walkDocument(doc, (node) => {
    if (node.id === id) found = true;
  });
  return found;
}

function traceKeyOf(stored: StoredSegment): string {
  return stored.traceId.toLowerCase();
}

function emptyStats(): IngestStats {
  const dropped = Object.fromEntries(dropReasons.map((r) => [r, 0])) as Record<DropReason, number>;
  return { received: 0, accepted: 0, superseded: 0, dropped, droppedTotal: 0 };
}
