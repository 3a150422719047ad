/**
 * A bounded, append-only store with a change feed: the shape every stand-in receiver keeps its telemetry in
 * (OTLP spans now; X-Ray segments, Rollbar items and log events later), so a runaway app can never exhaust memory.
 *
 * Ring buffer: when full, the oldest record is overwritten and counted in `evicted`. Every record gets a sequence
 * number that only grows, so a poller can ask for "everything after N" without timestamps.
 */

export interface StoredRecord<T> {
  seq: number;
  value: T;
}

export type StoreListener<T> = (added: readonly StoredRecord<T>[]) => void;

export interface BoundedStoreOptions {
  /** Most records kept; older ones are evicted first. */
  capacity: number;
}

export interface QueryOptions<T> {
  where?: (value: T) => boolean;
  /** Only records with a sequence number above this. */
  afterSeq?: number;
  /** Most results, newest first. */
  limit?: number;
}

export class BoundedStore<T> {
  readonly capacity: number;
  #ring: (StoredRecord<T> | undefined)[];
  /** Index of the oldest record. */
  #head = 0;
  #size = 0;
  #nextSeq = 1;
  #evicted = 0;
  #listeners = new Set<StoreListener<T>>();

  constructor(options: BoundedStoreOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = options.capacity;
    this.#ring = new Array<StoredRecord<T> | undefined>(options.capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** How many records were dropped to make room. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Sequence number of the newest record ever added (0 when none). */
  get lastSeq(): number {
    return this.#nextSeq - 1;
  }

  /** Appends values and notifies listeners once with the whole batch. */
  add(values: readonly T[]): StoredRecord<T>[] {
    const added: StoredRecord<T>[] = [];
    for (const value of values) {
      const record = { seq: this.#nextSeq++, value };
      const tail = (this.#head + this.#size) % this.capacity;
      if (this.#size === this.capacity) {
        this.#head = (this.#head + 1) % this.capacity;
        this.#evicted += 1;
      } else {
        this.#size += 1;
      }
      this.#ring[tail] = record;
      added.push(record);
    }
    if (added.length === 0) return added;
    // Listeners only hear about records that are still in the store.
    const live = added.length > this.capacity ? added.slice(-this.capacity) : added;
    for (const listener of [...this.#listeners]) {
      try {
        listener(live);
      } catch (error) {
        // One broken subscriber (a closed SSE stream, a buggy check) must not stop the others or the receiver.
        console.error('store listener failed:', error);
      }
    }
    return added;
  }

  /** Newest first. */
  query(options: QueryOptions<T> = {}): StoredRecord<T>[] {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const afterSeq = options.afterSeq ?? 0;
    const out: StoredRecord<T>[] = [];
    for (let i = this.#size - 1; i >= 0 && out.length < limit; i--) {
      const record = this.#ring[(this.#head + i) % this.capacity];
      if (record === undefined || record.seq <= afterSeq) break;
      if (options.where === undefined || options.where(record.value)) out.push(record);
    }
    return out;
  }

  /** Every value, oldest first. */
  values(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) {
      const record = this.#ring[(this.#head + i) % this.capacity];
      if (record !== undefined) out.push(record.value);
    }
    return out;
  }

  /** Calls `listener` with each batch added from now on. Returns the unsubscribe function. */
  subscribe(listener: StoreListener<T>): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  clear(): void {
    this.#ring = new Array<StoredRecord<T> | undefined>(this.capacity);
    this.#head = 0;
    this.#size = 0;
  }
}
