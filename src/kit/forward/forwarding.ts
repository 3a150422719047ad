/**
 * Forwarding, assembled from the environment (see config.ts): hooks for the receivers, stats for the views.
 *   GET /workshop/forward/stats → { otlp, rollbar, cloudwatchLogs, problems }: per target `{enabled:false}` or
 *   counts, last status and last error. Never a key, token or credential.
 */
import { jsonReply, type RouteHandler } from '../http-route.ts';
import { readForwardConfig, secretsOf, type ForwardConfig } from './config.ts';
import { cloudWatchLogsJob, otlpJob, rollbarJob, type FetchLike, type LogBatch } from './targets.ts';
import { Upstream, type UpstreamStats } from './upstream.ts';

export interface ForwardStats {
  otlp: UpstreamStats | { enabled: false };
  rollbar: UpstreamStats | { enabled: false };
  cloudwatchLogs: UpstreamStats | { enabled: false };
  problems: string[];
}

export interface Forwarding {
  /** Undefined when that target is off, so receivers skip the work entirely. */
  otlp?: (request: { body: Buffer; format: 'json' | 'protobuf' }) => void;
  rollbar?: (item: { data: unknown }) => void;
  logs?: (batch: LogBatch) => void;
  stats(): ForwardStats;
  /** `GET /workshop/forward/stats`. */
  route: RouteHandler;
  /** For the ready line: which targets are on (booleans only). */
  summary(): { otlp: boolean; rollbar: boolean; cloudwatchLogs: boolean };
  drained(): Promise<void>;
}

export interface ForwardingOptions {
  fetch?: FetchLike;
  /** Queue bound and timeout per target (tests shrink them). */
  maxQueue?: number;
  timeoutMs?: number;
}

export function createForwarding(env: NodeJS.ProcessEnv, options: ForwardingOptions = {}): Forwarding {
  return forwardingFrom(readForwardConfig(env), options);
}

export function forwardingFrom(config: ForwardConfig, options: ForwardingOptions = {}): Forwarding {
  const fetchImpl = options.fetch ?? fetch;
  const secrets = secretsOf(config);
  const upstream = (url: string): Upstream =>
    new Upstream({ url, secrets, ...(options.maxQueue === undefined ? {} : { maxQueue: options.maxQueue }), ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
  const otlp = config.otlp === undefined ? undefined : upstream(config.otlp.url);
  const rollbar = config.rollbar === undefined ? undefined : upstream(config.rollbar.url);
  const logs = config.aws === undefined ? undefined : upstream(config.aws.url);
  const off = { enabled: false } as const;
  const stats = (): ForwardStats => ({
    otlp: otlp === undefined ? off : { ...otlp.stats },
    rollbar: rollbar === undefined ? off : { ...rollbar.stats },
    cloudwatchLogs: logs === undefined ? off : { ...logs.stats },
    problems: [...config.problems],
  });
  const forwarding: Forwarding = {
    stats,
    route: async (request) => {
      if (request.path !== '/workshop/forward/stats') return undefined;
      if (request.method !== 'GET' && request.method !== 'HEAD') return jsonReply(405, { message: 'GET only' }, { Allow: 'GET' });
      return jsonReply(200, stats());
    },
    summary: () => ({ otlp: otlp !== undefined, rollbar: rollbar !== undefined, cloudwatchLogs: logs !== undefined }),
    drained: async () => {
      await Promise.all([otlp?.drained(), rollbar?.drained(), logs?.drained()]);
    },
  };
  const { otlp: otlpTarget, rollbar: rollbarTarget, aws: awsTarget } = config;
  if (otlp !== undefined && otlpTarget !== undefined) forwarding.otlp = ({ body, format }) => otlp.enqueue(otlpJob(otlpTarget, body, format, fetchImpl));
  if (rollbar !== undefined && rollbarTarget !== undefined) forwarding.rollbar = ({ data }) => rollbar.enqueue(rollbarJob(rollbarTarget, data, fetchImpl));
  if (logs !== undefined && awsTarget !== undefined) forwarding.logs = (batch) => logs.enqueue(cloudWatchLogsJob(awsTarget, batch, fetchImpl));
  return forwarding;
}
