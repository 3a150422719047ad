/**
 * Reads the local cloud from inside the sandbox. In a WebContainer the page cannot fetch the sandbox's preview
 * URLs (webcontainer-core #1159), but a process inside it can reach the cloud on 127.0.0.1: each `get` runs the
 * tap once; `follow` keeps one tap running and restarts it (resuming after the last event id) if it ends.
 */
import type { CloudPort, TelemetrySource } from '../source.ts';
import { checkedPath, portOf, routeError, type CloudPorts } from './cloud-path.ts';
import { createSseParser, resumePath } from './sse-parser.ts';
import { runTap, tapOnce, type TapSandbox } from './tap.ts';

const retryMs = 1000;

export function createTapSource(sandbox: TapSandbox, ports: CloudPorts): TelemetrySource {
  const urlOf = (port: CloudPort, path: string) => `http://127.0.0.1:${portOf(ports, port)}${checkedPath(path)}`;
  return {
    async get<T>(port: CloudPort, path: string): Promise<T> {
      const result = await tapOnce(sandbox, 'get', urlOf(port, path));
      if (result.status < 200 || result.status >= 300) throw routeError(result.status, path, result.body);
      return JSON.parse(result.body) as T;
    },
    follow(port, path, onEvent) {
      let stopped = false;
      let lastId: string | undefined;
      let stopRun: (() => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connect = () => {
        const parser = createSseParser((message) => {
          if (message.id !== undefined) lastId = message.id;
          try {
            onEvent(JSON.parse(message.data));
          } catch {
            // Not JSON: not one of the cloud's events.
          }
        });
        const run = runTap(sandbox, 'follow', urlOf(port, resumePath(path, lastId)), (result) => {
          if (result.type === 'chunk') parser.push(result.text);
        });
        stopRun = run.stop;
        run.done
          .catch(() => undefined)
          .then(() => {
            if (!stopped) timer = setTimeout(connect, retryMs);
          });
      };
      connect();
      return () => {
        stopped = true;
        clearTimeout(timer);
        stopRun?.();
      };
    },
  };
}
