/**
 * What the CloudWatch Logs stand-in remembers: log groups and streams (small maps, capped) and every event in ONE
 * BoundedStore shared by all streams, so a chatty app can never exhaust memory: the oldest events go first and
 * are counted in `evicted`.
 *
 * Every stream gets a fresh numeric id when created; events carry it. Deleting a group or stream removes it from
 * the maps, which makes its events invisible at once (queries go through live stream ids) without rewriting the
 * ring; they are overwritten as new events arrive.
 *
 * One namespace for all regions and accounts: the learner's app (any region) and the AWS CLI
 * (`--region ca-central-1`) see the same `cruddur` group. ARNs use the region of the creating request.
 */
import { BoundedStore, type StoredRecord } from '../store/bounded-store.ts';

export const defaultLogEventCapacity = 100_000;
export const accountId = '000000000000';

export interface StoredLogEvent {
  group: string;
  stream: string;
  streamId: number;
  /** When the event happened (ms since the epoch, the client's clock). */
  timestamp: number;
  message: string;
  /** When the stand-in stored it (ms, its clock). */
  ingestionTime: number;
}

export interface LogStreamState {
  readonly id: number;
  readonly name: string;
  readonly creationTime: number;
  readonly arn: string;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  /** Bytes ever stored (message UTF-8 bytes); like AWS, not reduced when events expire. */
  storedBytes: number;
  /** Events ever stored in this stream. */
  eventCount: number;
  /** PutLogEvents calls so far: the sequence token counter. */
  sequence: number;
}

export interface LogGroupState {
  readonly name: string;
  readonly creationTime: number;
  readonly arn: string;
  readonly logGroupClass: string;
  retentionInDays?: number;
  readonly streams: Map<string, LogStreamState>;
}

export interface LogStoreOptions {
  /** Most events kept (default 100,000). */
  capacity?: number;
  /** Most log groups (default 1,000). */
  maxGroups?: number;
  /** Most streams over all groups (default 20,000): `node --watch` restarts can mint a stream per restart. */
  maxStreams?: number;
}

export class LogStore {
  readonly events: BoundedStore<StoredLogEvent>;
  readonly groups = new Map<string, LogGroupState>();
  readonly maxGroups: number;
  readonly maxStreams: number;
  #nextStreamId = 1;
  #streamCount = 0;

  constructor(options: LogStoreOptions = {}) {
    this.events = new BoundedStore<StoredLogEvent>({ capacity: options.capacity ?? defaultLogEventCapacity });
    this.maxGroups = options.maxGroups ?? 1_000;
    this.maxStreams = options.maxStreams ?? 20_000;
  }

  get streamCount(): number {
    return this.#streamCount;
  }

  /** The caller checks for an existing group and the caps first (it words the AWS errors). */
  createGroup(name: string, region: string, now: number, logGroupClass = 'STANDARD'): LogGroupState {
    const group: LogGroupState = {
      name,
      creationTime: now,
      arn: `arn:aws:logs:${region}:${accountId}:log-group:${name}`,
      logGroupClass,
      streams: new Map(),
    };
    this.groups.set(name, group);
    return group;
  }

  deleteGroup(name: string): void {
    const group = this.groups.get(name);
    if (group === undefined) return;
    this.#streamCount -= group.streams.size;
    this.groups.delete(name);
  }

  createStream(group: LogGroupState, name: string, now: number): LogStreamState {
    const region = group.arn.split(':')[3] ?? 'us-east-1';
    const stream: LogStreamState = {
      id: this.#nextStreamId++,
      name,
      creationTime: now,
      arn: `arn:aws:logs:${region}:${accountId}:log-group:${group.name}:log-stream:${name}`,
      storedBytes: 0,
      eventCount: 0,
      sequence: 0,
    };
    group.streams.set(name, stream);
    this.#streamCount += 1;
    return stream;
  }

  deleteStream(group: LogGroupState, name: string): void {
    if (group.streams.delete(name)) this.#streamCount -= 1;
  }

  /** Appends events (already validated and in order) to a stream and updates its summary fields. */
  append(group: LogGroupState, stream: LogStreamState, events: readonly { timestamp: number; message: string }[], now: number): void {
    stream.sequence += 1;
    if (events.length === 0) return;
    let bytes = 0;
    for (const e of events) {
      bytes += Buffer.byteLength(e.message, 'utf8');
      if (stream.firstEventTimestamp === undefined || e.timestamp < stream.firstEventTimestamp) stream.firstEventTimestamp = e.timestamp;
      if (stream.lastEventTimestamp === undefined || e.timestamp > stream.lastEventTimestamp) stream.lastEventTimestamp = e.timestamp;
    }
    stream.storedBytes += bytes;
    stream.eventCount += events.length;
    stream.lastIngestionTime = now;
    this.events.add(events.map((e) => ({ group: group.name, stream: stream.name, streamId: stream.id, timestamp: e.timestamp, message: e.message, ingestionTime: now })));
  }

  /** True while the event's stream still exists (not deleted, not re-created since). */
  isLive(event: StoredLogEvent): boolean {
    return this.groups.get(event.group)?.streams.get(event.stream)?.id === event.streamId;
  }

  /**
   * Events of the given streams (by id) in timestamp order, oldest first; equal timestamps keep arrival order.
   * Scans the whole ring: fine for 100k events, and keeps one store for every stream.
   */
  eventsOf(streamIds: ReadonlySet<number>, where?: (event: StoredLogEvent) => boolean): StoredRecord<StoredLogEvent>[] {
    const found = this.events.query({ where: (e) => streamIds.has(e.streamId) && (where === undefined || where(e)) });
    found.reverse();
    return found.sort((a, b) => a.value.timestamp - b.value.timestamp || a.seq - b.seq);
  }
}
