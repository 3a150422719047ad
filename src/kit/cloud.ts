/**
 * The local cloud: stand-ins for the services the bootcamp's app talks to. For now the OTLP/HTTP receiver
 * (Honeycomb) plus its query API on the same port.
 *
 *   node .workshop/kit/cloud.mjs [--otlp-port 4318] [--host 127.0.0.1] [--capacity 50000] [--max-body-bytes N]
 *
 * Prints one JSON line when listening: {"type":"ready","host":...,"otlpPort":...}. Stops on SIGTERM/SIGINT.
 * Also usable on its own (`node src/kit/cloud.ts`) to point any real OTLP app at, e.g. a Flask backend.
 */
import { parseArgs } from 'node:util';
import { isMain } from './is-main.ts';
import { defaultMaxBodyBytes } from './otlp/read-body.ts';
import { startOtlpServer } from './otlp/server.ts';
import { createQueryApi } from './query-api.ts';
import { defaultSpanCapacity, SpanStore } from './store/span-store.ts';

export interface CloudOptions {
  host: string;
  otlpPort: number;
  capacity: number;
  maxBodyBytes: number;
}

export async function startCloud(options: CloudOptions): Promise<{ otlpPort: number; host: string; close(): Promise<void> }> {
  const spans = new SpanStore({ capacity: options.capacity });
  const server = await startOtlpServer({
    spans,
    host: options.host,
    port: options.otlpPort,
    maxBodyBytes: options.maxBodyBytes,
    routes: (otlp) => [createQueryApi(spans, () => otlp.stats)],
  });
  return { otlpPort: server.port, host: server.host, close: server.close };
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CloudOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'otlp-port': { type: 'string' },
      host: { type: 'string' },
      capacity: { type: 'string' },
      'max-body-bytes': { type: 'string' },
    },
    strict: true,
  });
  return {
    host: values.host ?? '127.0.0.1',
    otlpPort: integer(values['otlp-port'] ?? env['WORKSHOP_OTLP_PORT'], 4318, 'otlp-port'),
    capacity: integer(values.capacity, defaultSpanCapacity, 'capacity'),
    maxBodyBytes: integer(values['max-body-bytes'], defaultMaxBodyBytes, 'max-body-bytes'),
  };
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let options: CloudOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`cloud: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  const cloud = await startCloud(options);
  process.stdout.write(
    `${JSON.stringify({ type: 'ready', host: cloud.host, otlpPort: cloud.otlpPort, otlpEndpoint: `http://${cloud.host}:${cloud.otlpPort}`, queryApi: `http://${cloud.host}:${cloud.otlpPort}/workshop/` })}\n`,
  );
  const stop = (): void => {
    void cloud.close().then(() => process.exit(0));
    // A stuck close must not keep a stopped cloud alive.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error('cloud failed:', error);
    process.exit(1);
  });
}
