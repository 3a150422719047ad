/**
 * Reads the local cloud straight over HTTP: the local provider's cloud listens on this machine's loopback, and
 * its `/workshop/*` routes answer loopback pages with CORS (src/kit/view-access.ts).
 */
import type { CloudPort, TelemetrySource } from '../source.ts';
import { checkedPath, portOf, routeError, type CloudPorts } from './cloud-path.ts';
import { createSseParser, resumePath } from './sse-parser.ts';

const retryMs = 1000;

export function createHttpSource(ports: CloudPorts, host = '127.0.0.1'): TelemetrySource {
  const urlOf = (port: CloudPort, path: string) => `http://${host}:${portOf(ports, port)}${checkedPath(path)}`;
  return {
    async get<T>(port: CloudPort, path: string): Promise<T> {
      const response = await fetch(urlOf(port, path), { credentials: 'omit', cache: 'no-store' });
      const text = await response.text();
      if (!response.ok) throw routeError(response.status, path, text);
      return JSON.parse(text) as T;
    },
    follow(port, path, onEvent) {
      let stopped = false;
      let lastId: string | undefined;
      let controller: AbortController | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connect = async () => {
        controller = new AbortController();
        const parser = createSseParser((message) => {
          if (message.id !== undefined) lastId = message.id;
          try {
            onEvent(JSON.parse(message.data));
          } catch {
            // A data line that is not JSON is not one of ours; skip it rather than stop the feed.
          }
        });
        try {
          const response = await fetch(urlOf(port, resumePath(path, lastId)), { credentials: 'omit', cache: 'no-store', signal: controller.signal });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parser.push(value);
          }
        } catch {
          // Dropped (cloud restarted, laptop slept): reconnect below and replay from the last id.
        }
        if (!stopped) timer = setTimeout(() => void connect(), retryMs);
      };
      void connect();
      return () => {
        stopped = true;
        clearTimeout(timer);
        controller?.abort();
      };
    },
  };
}
