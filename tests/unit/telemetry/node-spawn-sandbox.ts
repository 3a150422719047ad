/** The tap's view of a sandbox (spawn only), backed by real Node child processes, for tests outside a browser. */
import { spawn } from 'node:child_process';
import type { SandboxProcess } from '../../../src/runtime/sandbox.ts';
import type { TapSandbox } from '../../../src/telemetry/access/tap.ts';

export function nodeSpawnSandbox(): TapSandbox & { spawned: string[][] } {
  const spawned: string[][] = [];
  return {
    spawned,
    async spawn(command: string, args: string[] = []): Promise<SandboxProcess> {
      spawned.push([command, ...args]);
      const child = spawn(command === 'node' ? process.execPath : command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let open = 2;
      const output = new ReadableStream<string>({
        start(controller) {
          for (const stream of [child.stdout, child.stderr]) {
            stream.setEncoding('utf8');
            stream.on('data', (chunk: string) => controller.enqueue(chunk));
            stream.on('end', () => {
              if (--open === 0) controller.close();
            });
          }
        },
      });
      const exit = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1))));
      return { output, input: new WritableStream<string>(), exit, kill: () => child.kill() };
    },
  };
}
