export type SaveState = 'saved' | 'saving' | 'error';

/**
 * Coalesces edits: every change is written to the sandbox and persisted within `delayMs`, and `flush()` lets
 * "Run checks" and navigation wait until the latest text is everywhere it must be.
 */
export function createSaveQueue(options: {
  persist(): Promise<void>;
  write(path: string, contents: string): Promise<void>;
  onState(state: SaveState): void;
  delayMs?: number;
}) {
  const pending = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> = Promise.resolve();

  const drain = async () => {
    timer = null;
    const batch = [...pending.entries()];
    pending.clear();
    try {
      await options.persist();
      await Promise.all(batch.map(([path, contents]) => options.write(path, contents)));
      if (pending.size === 0) options.onState('saved');
    } catch {
      options.onState('error');
    }
  };

  return {
    changed(path: string, contents: string) {
      pending.set(path, contents);
      options.onState('saving');
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        inFlight = inFlight.then(drain);
      }, options.delayMs ?? 120);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        inFlight = inFlight.then(drain);
      }
      await inFlight;
    },
  };
}
