/**
 * The spans of ONE check run: its own store (fed by its own receiver), an index for parent/child questions,
 * the flood guard, and `waitFor` — resolve on the first match, or at the deadline with the nearest miss.
 */
import { searchSpans, SpanIndexBuilder, summarizeSpan } from '../../checks/span-search.ts';
import type { SpanMatcher, SpanWaitResult, StoredSpan } from '../../checks/types.ts';
import { SpanStore } from '../store/span-store.ts';
import type { AppProcess } from './app-process.ts';
import { CheckAbort } from './check-abort.ts';

export const defaultFloodLimit = 5000;
/** After the app exits, spans it flushed on the way out may still be in flight for this long. */
const exitGraceMs = 300;

export class RunSpans {
  readonly store: SpanStore;
  readonly floodLimit: number;
  readonly #index = new SpanIndexBuilder();
  #flooded = false;

  constructor(floodLimit = defaultFloodLimit) {
    this.floodLimit = floodLimit;
    // Room for the last batch that crosses the limit; the receiver accepts nothing after that.
    this.store = new SpanStore({ capacity: floodLimit * 2 });
    this.store.subscribe((added) => {
      this.#index.add(added.map((r) => r.value));
      if (this.store.lastSeq > this.floodLimit) this.#flooded = true;
    });
  }

  /** For the receiver: once flooded, bodies are dropped unread. */
  accepting = (): boolean => !this.#flooded;

  get flooded(): boolean {
    return this.#flooded;
  }

  all(): StoredSpan[] {
    return this.store.values();
  }

  find(matcher: SpanMatcher): StoredSpan[] {
    return this.all().filter((s) => matcher.match(s, this.#index).matched);
  }

  floodAbort(): CheckAbort {
    const counts = new Map<string, number>();
    for (const s of this.all()) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    return new CheckAbort('learner', 'telemetry-flood', `The app sent more than ${this.floodLimit} spans during the checks; one request should produce a handful. Most frequent: ${top.map(([n, c]) => `${JSON.stringify(n)} ×${c}`).join(', ')}.`, {
      details: { spansReceived: this.store.lastSeq, mostFrequent: Object.fromEntries(top) },
    });
  }

  waitFor(matcher: SpanMatcher, options: { timeoutMs: number; signal: AbortSignal; app: AppProcess }): Promise<SpanWaitResult> {
    const started = performance.now();
    const waited = (): number => Math.round(performance.now() - started);
    return new Promise<SpanWaitResult>((resolve, reject) => {
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
      const evaluate = (final: boolean): void => {
        scheduled = false;
        if (this.#flooded) return finish(() => reject(this.floodAbort()));
        const all = this.all();
        const result = searchSpans(matcher, all, this.#index);
        if (result.match !== undefined) {
          const span = result.match;
          return finish(() => resolve({ found: true, span, waitedMs: waited() }));
        }
        if (!final) return;
        const miss: SpanWaitResult = { found: false, diffs: result.nearest?.diffs ?? [], seen: all.length, waitedMs: waited() };
        if (result.nearest !== undefined) miss.nearest = result.nearest.span;
        finish(() => resolve(miss));
      };
      // Batches can arrive back to back: search once per turn of the event loop, not once per batch.
      const unsubscribe = this.store.subscribe(() => {
        if (scheduled) return;
        scheduled = true;
        setImmediate(() => evaluate(false));
      });
      const deadline = setTimeout(() => evaluate(true), Math.max(0, options.timeoutMs));
      const onAbort = (): void => evaluate(true);
      options.signal.addEventListener('abort', onAbort, { once: true });
      // An app that has exited sends nothing more: stop waiting once its last flush had time to land.
      void options.app.exited.then(() => {
        if (settled) return;
        exitTimer = setTimeout(() => {
          if (settled) return;
          const search = searchSpans(matcher, this.all(), this.#index);
          if (search.match !== undefined) return evaluate(false);
          finish(() =>
            reject(
              new CheckAbort('learner', 'app-exited', `The app exited (code ${options.app.exitCode() ?? '?'}) before sending ${matcher.description}.`, {
                ...(search.nearest === undefined ? {} : { nearest: summarizeSpan(search.nearest.span), diff: search.nearest.diffs }),
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
