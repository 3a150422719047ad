/**
 * One kind of non-span telemetry of ONE check run (X-Ray segments, log events, Rollbar occurrences), read from
 * the run's private stores: the flood guard, and `waitFor` with the same rules as spans (resolve on the first
 * match, at the deadline with what was seen, early with `app-exited` once the app has gone and its last
 * flush had time to land).
 */
import type { RecordWaitResult } from '../../checks/types.ts';
import type { AppProcess } from './app-process.ts';
import { CheckAbort } from './check-abort.ts';

/** After the app exits, what it flushed on the way out may still be in flight for this long. */
const exitGraceMs = 300;

export interface RecordSource<T> {
  /** Everything stored, oldest first. */
  read(): T[];
  /** Called after each stored batch; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** How many records were ever received (for the flood guard; evictions do not lower it). */
  received(): number;
}

export interface RunRecordsOptions<T> {
  /** "X-Ray segments", "log events": said in the flood and app-exited messages. */
  noun: string;
  floodLimit: number;
  /** Groups items for the flood message ("the most frequent"). */
  label(item: T): string;
}

export class RunRecords<T> {
  readonly #source: RecordSource<T>;
  readonly #options: RunRecordsOptions<T>;

  constructor(source: RecordSource<T>, options: RunRecordsOptions<T>) {
    this.#source = source;
    this.#options = options;
  }

  get flooded(): boolean {
    return this.#source.received() > this.#options.floodLimit;
  }

  all(): T[] {
    if (this.flooded) throw this.floodAbort();
    return this.#source.read();
  }

  find(predicate: (item: T) => boolean): T[] {
    return this.all().filter((item) => predicate(item));
  }

  floodAbort(): CheckAbort {
    const counts = new Map<string, number>();
    for (const item of this.#source.read()) {
      const label = this.#options.label(item);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const { noun, floodLimit } = this.#options;
    return new CheckAbort('learner', 'telemetry-flood', `The app sent more than ${floodLimit} ${noun} during the checks; one request should produce a handful. Most frequent: ${top.map(([n, c]) => `${JSON.stringify(n)} ×${c}`).join(', ')}.`, {
      details: { received: this.#source.received(), mostFrequent: Object.fromEntries(top) },
    });
  }

  waitFor(predicate: (item: T) => boolean, options: { timeoutMs: number; signal: AbortSignal; app: AppProcess }): Promise<RecordWaitResult<T>> {
    const started = performance.now();
    const waited = (): number => Math.round(performance.now() - started);
    return new Promise<RecordWaitResult<T>>((resolve, reject) => {
      let settled = false;
      let scheduled = false;
      let exitTimer: NodeJS.Timeout | undefined;
      const finish = (action: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(exitTimer);
        unsubscribe();
        options.signal.removeEventListener('abort', onAbort);
        action();
      };
      const search = (): { item: T; found: true } | { found: false; seen: number } => {
        const items = this.#source.read();
        for (const item of items) if (predicate(item)) return { item, found: true };
        return { found: false, seen: items.length };
      };
      const evaluate = (final: boolean): void => {
        scheduled = false;
        if (this.flooded) return finish(() => reject(this.floodAbort()));
        let result: ReturnType<typeof search>;
        try {
          result = search();
        } catch (error) {
          // A predicate that throws is a bug in the check: reported as such by the runner.
          return finish(() => reject(error));
        }
        if (result.found) {
          const { item } = result;
          return finish(() => resolve({ found: true, item, waitedMs: waited() }));
        }
        if (!final) return;
        const seen = result.seen;
        finish(() => resolve({ found: false, seen, waitedMs: waited() }));
      };
      // Datagrams and batches can arrive back to back: search once per turn of the event loop, not per batch.
      const unsubscribe = this.#source.subscribe(() => {
        if (scheduled) return;
        scheduled = true;
        setImmediate(() => evaluate(false));
      });
      const deadline = setTimeout(() => evaluate(true), Math.max(0, options.timeoutMs));
      const onAbort = (): void => evaluate(true);
      options.signal.addEventListener('abort', onAbort, { once: true });
      void options.app.exited.then(() => {
        if (settled) return;
        exitTimer = setTimeout(() => {
          if (settled) return;
          evaluate(false);
          if (settled) return;
          finish(() =>
            reject(
              new CheckAbort('learner', 'app-exited', `The app exited (code ${options.app.exitCode() ?? '?'}) before sending the ${this.#options.noun} the check waits for.`, {
                details: { seen: this.#source.read().length },
                appOutput: options.app.output(4000),
              }),
            ),
          );
        }, exitGraceMs);
      });
      evaluate(false);
    });
  }
}
