/**
 * One forwarding target: a bounded queue drained with limited concurrency and a timeout per request. Forwarding
 * is fire-and-forget for the ingest path: a slow, failing or unreachable upstream only shows up in the stats
 * (counts, last status, last error with secrets redacted), never in what the learner's app sees.
 */

export interface UpstreamStats {
  enabled: true;
  /** Origin and path only. */
  url: string;
  sent: number;
  failed: number;
  /** Dropped because the queue was full (upstream too slow). */
  dropped: number;
  queued: number;
  inFlight: number;
  lastStatus?: number;
  lastError?: string;
  lastSuccessAt?: number;
  lastFailureAt?: number;
}

/** A job does its own request(s) and returns the final HTTP status and (for errors) the response text. */
export type ForwardJob = (signal: AbortSignal) => Promise<{ status: number; text: string; ok: boolean }>;

export interface UpstreamOptions {
  url: string;
  secrets: string[];
  maxQueue?: number;
  concurrency?: number;
  timeoutMs?: number;
  now?: () => number;
}

export class Upstream {
  readonly stats: UpstreamStats;
  readonly #queue: ForwardJob[] = [];
  readonly #secrets: string[];
  readonly #maxQueue: number;
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #idle: (() => void)[] = [];

  constructor(options: UpstreamOptions) {
    this.stats = { enabled: true, url: displayUrl(options.url), sent: 0, failed: 0, dropped: 0, queued: 0, inFlight: 0 };
    this.#secrets = options.secrets;
    this.#maxQueue = options.maxQueue ?? 1_000;
    this.#concurrency = options.concurrency ?? 4;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  enqueue(job: ForwardJob): void {
    if (this.#queue.length >= this.#maxQueue) {
      this.stats.dropped += 1;
      return;
    }
    this.#queue.push(job);
    this.stats.queued = this.#queue.length;
    this.#pump();
  }

  /** Resolves when nothing is queued or in flight (tests, shutdown). */
  drained(): Promise<void> {
    if (this.#queue.length === 0 && this.stats.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.stats.inFlight < this.#concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift() as ForwardJob;
      this.stats.queued = this.#queue.length;
      this.stats.inFlight += 1;
      void this.#run(job).finally(() => {
        this.stats.inFlight -= 1;
        this.#pump();
        if (this.#queue.length === 0 && this.stats.inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
      });
    }
  }

  async #run(job: ForwardJob): Promise<void> {
    try {
      const result = await job(AbortSignal.timeout(this.#timeoutMs));
      this.stats.lastStatus = result.status;
      if (result.ok) {
        this.stats.sent += 1;
        this.stats.lastSuccessAt = this.#now();
      } else {
        this.#failed(`HTTP ${result.status}: ${result.text.slice(0, 300)}`);
      }
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      this.#failed(`${error instanceof Error ? error.message : String(error)}${cause}`);
    }
  }

  #failed(message: string): void {
    this.stats.failed += 1;
    this.stats.lastFailureAt = this.#now();
    this.stats.lastError = redact(message, this.#secrets);
  }
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

function displayUrl(raw: string): string {
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
}
