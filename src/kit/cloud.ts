/**
 * The local cloud: stand-ins for the services the bootcamp's app talks to.
 *   - OTLP/HTTP receiver (Honeycomb) + its query API, on the OTLP port (4318);
 *   - the AWS port (4566, LocalStack's edge port): CloudWatch Logs (JSON 1.1 on `POST /`), Rollbar's item API
 *     (`POST /api/1/item/`), their `/workshop/logs|rollbar/*` views and `/workshop/forward/stats`.
 *
 *   node .workshop/kit/cloud.mjs [--otlp-port 4318] [--aws-port 4566] [--xray-port 2000] [--host 127.0.0.1] [--capacity 50000]
 *                                [--log-capacity 100000] [--rollbar-capacity 10000] [--max-body-bytes N]
 *   env: WORKSHOP_OTLP_PORT, WORKSHOP_AWS_PORT; optional forwarding to the real services: WORKSHOP_FORWARD_*
 *   (src/kit/forward/config.ts).
 *
 * Prints one JSON line when listening: {"type":"ready","host":...,"otlpPort":...,"awsPort":...,...}. Stops on
 * SIGTERM/SIGINT. Also usable on its own (`node src/kit/cloud.ts`) to point any real app at, e.g. a Flask backend.
 */
import { parseArgs } from 'node:util';
import { startAwsPort, defaultAwsPort, type AwsPort, type StreamRoute } from './aws-port/server.ts';
import { createForwarding, type Forwarding } from './forward/forwarding.ts';
import type { RouteHandler } from './http-route.ts';
import { isMain } from './is-main.ts';
import { createLogsService } from './logs/service.ts';
import { defaultLogEventCapacity } from './logs/log-store.ts';
import { defaultMaxBodyBytes } from './otlp/read-body.ts';
import { startOtlpServer } from './otlp/server.ts';
import { createQueryApi } from './query-api.ts';
import { rollbarErrorShape } from './rollbar/api.ts';
import { defaultRollbarCapacity } from './rollbar/item-store.ts';
import { createRollbarService } from './rollbar/service.ts';
import { defaultSpanCapacity, SpanStore } from './store/span-store.ts';
import { createXrayService, defaultDaemonPort, defaultSegmentCapacity, forwarderFromEnv, startXrayDaemon, type Forwarder, type XrayDaemon } from './xray/index.ts';

export interface CloudOptions {
  host: string;
  otlpPort: number;
  capacity: number;
  maxBodyBytes: number;
  /** Default 4566; 0 = ephemeral. */
  awsPort?: number;
  /** The AWS port was not asked for explicitly: when 4566 is busy, fall back to an ephemeral port (printed). */
  awsPortIsDefault?: boolean;
  /** Log events kept (default 100,000). */
  logCapacity?: number;
  /** Rollbar occurrences kept (default 10,000). */
  rollbarCapacity?: number;
  /** X-Ray daemon port, UDP segments and TCP sampling/ingest (default 2000; 0 = ephemeral). */
  xrayPort?: number;
  /** Not asked for explicitly: when 2000 is busy, fall back to an ephemeral port (printed). */
  xrayPortIsDefault?: boolean;
  /** X-Ray documents kept (default 20,000). */
  xrayCapacity?: number;
  /** Where WORKSHOP_FORWARD_* is read from; default: no forwarding (only main() passes process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface Cloud {
  host: string;
  otlpPort: number;
  awsPort: number;
  xrayDaemonPort: number;
  /** Undefined where UDP is unavailable (WebContainer): segments then come over HTTP through the dgram shim. */
  xrayUdpPort: number | undefined;
  forwarding: Forwarding;
  close(): Promise<void>;
}

export async function startCloud(options: CloudOptions): Promise<Cloud> {
  const forwarding = createForwarding(options.env ?? {});
  for (const problem of forwarding.stats().problems) console.error(`cloud: forwarding: ${problem}`);

  const spans = new SpanStore({ capacity: options.capacity });
  const server = await startOtlpServer({
    spans,
    host: options.host,
    port: options.otlpPort,
    maxBodyBytes: options.maxBodyBytes,
    routes: (otlp) => [createQueryApi(spans, () => otlp.stats)],
    ...(forwarding.otlp === undefined ? {} : { onTraces: forwarding.otlp }),
  });

  const logs = createLogsService({ capacity: options.logCapacity ?? defaultLogEventCapacity, ...(forwarding.logs === undefined ? {} : { onPutLogEvents: forwarding.logs }) });
  const rollbar = createRollbarService({ capacity: options.rollbarCapacity ?? defaultRollbarCapacity, ...(forwarding.rollbar === undefined ? {} : { onItem: forwarding.rollbar }) });
  const awsRoutes: RouteHandler[] = [...logs.routes, ...rollbar.routes];
  const awsStreams: StreamRoute[] = [...logs.streams, ...rollbar.streams];
  // X-Ray: the REST-JSON API joins the AWS port (its paths do not collide with `POST /` + X-Amz-Target or
  // /api/1/item/); the daemon (UDP segments + TCP sampling proxy and HTTP ingest) gets its own port.
  let xrayForwarder: Forwarder | undefined;
  const xrayStats = () => ({ forward: xrayForwarder?.stats() ?? null });
  const region = options.env?.['AWS_REGION'] || undefined;
  const xray = createXrayService({ capacity: options.xrayCapacity ?? defaultSegmentCapacity, extraStats: xrayStats, ...(region ? { region } : {}) });
  xrayForwarder = forwarderFromEnv(xray.segmentStore, options.env ?? {});
  awsRoutes.push(...xray.routes);
  awsStreams.push(...xray.streams);
  awsRoutes.push(forwarding.route);

  let aws: AwsPort;
  const awsOptions = { host: options.host, routes: awsRoutes, streams: awsStreams, maxBodyBytes: options.maxBodyBytes, corsPrefixes: ['/workshop/', '/api/1/'], errorShapes: [rollbarErrorShape] };
  try {
    aws = await startAwsPort({ ...awsOptions, port: options.awsPort ?? defaultAwsPort });
  } catch (error) {
    const mayFallBack = options.awsPortIsDefault ?? options.awsPort === undefined;
    if (!(mayFallBack && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')) {
      await server.close();
      throw error;
    }
    // Another local cloud (or LocalStack) holds 4566: keep going on a free port, which the ready line reports.
    console.error(`cloud: port ${options.awsPort ?? defaultAwsPort} is in use; the AWS port falls back to a free one (set --aws-port or WORKSHOP_AWS_PORT to choose)`);
    aws = await startAwsPort({ ...awsOptions, port: 0 });
  }

  const daemonOptions = { ...xray, host: options.host, extraStats: xrayStats };
  let daemon: XrayDaemon;
  try {
    daemon = await startXrayDaemon({ ...daemonOptions, port: options.xrayPort ?? defaultDaemonPort });
  } catch (error) {
    // A caller that named no port (tests, embedders) gets the same fallback as the command line's default.
    const mayFallBack = options.xrayPortIsDefault ?? options.xrayPort === undefined;
    if (!(mayFallBack && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')) {
      await Promise.all([server.close(), aws.close()]);
      throw error;
    }
    console.error(`cloud: port ${options.xrayPort ?? defaultDaemonPort} is in use; the X-Ray daemon falls back to a free one (set --xray-port or WORKSHOP_XRAY_PORT to choose)`);
    daemon = await startXrayDaemon({ ...daemonOptions, port: 0 });
  }

  return {
    otlpPort: server.port,
    awsPort: aws.port,
    xrayDaemonPort: daemon.tcpPort,
    xrayUdpPort: daemon.udpPort,
    host: server.host,
    forwarding,
    close: async () => {
      await Promise.all([server.close(), aws.close(), daemon.close(), xrayForwarder?.close()]);
    },
  };
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CloudOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'otlp-port': { type: 'string' },
      'aws-port': { type: 'string' },
      'xray-port': { type: 'string' },
      host: { type: 'string' },
      capacity: { type: 'string' },
      'log-capacity': { type: 'string' },
      'rollbar-capacity': { type: 'string' },
      'max-body-bytes': { type: 'string' },
    },
    strict: true,
  });
  const awsPortText = values['aws-port'] ?? env['WORKSHOP_AWS_PORT'];
  const xrayPortText = values['xray-port'] ?? env['WORKSHOP_XRAY_PORT'];
  return {
    host: values.host ?? '127.0.0.1',
    otlpPort: integer(values['otlp-port'] ?? env['WORKSHOP_OTLP_PORT'], 4318, 'otlp-port'),
    awsPort: integer(awsPortText, defaultAwsPort, 'aws-port'),
    awsPortIsDefault: awsPortText === undefined || awsPortText === '',
    xrayPort: integer(xrayPortText, defaultDaemonPort, 'xray-port'),
    xrayPortIsDefault: xrayPortText === undefined || xrayPortText === '',
    capacity: integer(values.capacity, defaultSpanCapacity, 'capacity'),
    logCapacity: positive(integer(values['log-capacity'], defaultLogEventCapacity, 'log-capacity'), 'log-capacity'),
    rollbarCapacity: positive(integer(values['rollbar-capacity'], defaultRollbarCapacity, 'rollbar-capacity'), 'rollbar-capacity'),
    maxBodyBytes: integer(values['max-body-bytes'], defaultMaxBodyBytes, 'max-body-bytes'),
    env,
  };
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function positive(n: number, name: string): number {
  if (n < 1) throw new Error(`--${name} must be at least 1`);
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
  const stop = (): void => {
    void cloud.close().then(() => process.exit(0));
    // A stuck close must not keep a stopped cloud alive.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  // Installed BEFORE the ready line: writes to a pipe are synchronous, so a parent may read the line and signal
  // before the next statement runs, and an unhandled SIGINT/SIGTERM would kill the process with no clean close.
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const base = (port: number): string => `http://${cloud.host}:${port}`;
  process.stdout.write(
    `${JSON.stringify({
      type: 'ready',
      host: cloud.host,
      otlpPort: cloud.otlpPort,
      otlpEndpoint: base(cloud.otlpPort),
      queryApi: `${base(cloud.otlpPort)}/workshop/`,
      awsPort: cloud.awsPort,
      awsEndpoint: base(cloud.awsPort),
      rollbarEndpoint: `${base(cloud.awsPort)}/api/1/item/`,
      awsQueryApi: `${base(cloud.awsPort)}/workshop/`,
      xrayDaemonPort: cloud.xrayDaemonPort,
      xrayUdpPort: cloud.xrayUdpPort ?? null,
      // The value for the app's AWS_XRAY_DAEMON_ADDRESS (UDP and TCP share the port number).
      xrayDaemonAddress: `${cloud.host}:${cloud.xrayDaemonPort}`,
      // Which real services also receive copies (booleans only: never keys).
      forwarding: cloud.forwarding.summary(),
    })}\n`,
  );
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error('cloud failed:', error);
    process.exit(1);
  });
}
