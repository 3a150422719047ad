/** Runs the tap program (tap-script.ts) in the sandbox and hands back its `@@tap` results as they are printed. */
import type { Sandbox } from '../../runtime/sandbox.ts';
import { tapMarker, tapScript } from './tap-script.ts';

export type TapResult =
  | { type: 'response'; status: number; statusText?: string; headers?: Array<[string, string]>; body: string; truncated?: boolean; timeMs?: number }
  | { type: 'chunk'; text: string }
  | { type: 'end' }
  | { type: 'error'; message: string };

export interface TapRun {
  /** Resolves when the program exits (with whatever it printed before). */
  done: Promise<void>;
  stop(): void;
}

export type TapSandbox = Pick<Sandbox, 'spawn'>;

export function runTap(sandbox: TapSandbox, mode: 'get' | 'follow' | 'request', arg: string, onResult: (result: TapResult) => void): TapRun {
  let kill: (() => void) | undefined;
  let stopped = false;
  const done = (async () => {
    const child = await sandbox.spawn('node', ['-e', tapScript, mode, arg]);
    kill = () => child.kill();
    if (stopped) child.kill();
    const lines = createLineCollector((line) => {
      const at = line.indexOf(tapMarker);
      if (at < 0) return;
      try {
        onResult(JSON.parse(line.slice(at + tapMarker.length)) as TapResult);
      } catch {
        // A garbled line (interleaved stderr): ignore it, the next one is whole.
      }
    });
    const reader = child.output.getReader();
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      lines.push(value);
    }
    lines.flush();
    await child.exit;
  })();
  return {
    done,
    stop() {
      stopped = true;
      kill?.();
    },
  };
}

/** Whole lines from chunks; collects parts in an array so a multi-megabyte line is not re-scanned per chunk. */
function createLineCollector(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let parts: string[] = [];
  return {
    push(chunk) {
      let start = 0;
      let newline = chunk.indexOf('\n');
      while (newline >= 0) {
        parts.push(chunk.slice(start, newline));
        onLine(parts.join('').replace(/\r$/, ''));
        parts = [];
        start = newline + 1;
        newline = chunk.indexOf('\n', start);
      }
      if (start < chunk.length) parts.push(chunk.slice(start));
    },
    flush() {
      if (parts.length > 0) onLine(parts.join(''));
      parts = [];
    },
  };
}

/** Runs a one-shot tap and returns its single result, or throws what it reported. */
export async function tapOnce(sandbox: TapSandbox, mode: 'get' | 'request', arg: string): Promise<Extract<TapResult, { type: 'response' }>> {
  let result: TapResult | undefined;
  await runTap(sandbox, mode, arg, (r) => {
    result = r;
  }).done;
  if (!result) throw new Error('The sandbox helper printed nothing (was the sandbox stopped?).');
  if (result.type === 'error') throw new Error(result.message);
  if (result.type !== 'response') throw new Error(`Unexpected answer from the sandbox helper: ${result.type}`);
  return result;
}
