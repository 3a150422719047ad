/**
 * Optional: also send what the daemon stand-in received to the REAL X-Ray (PutTraceSegments), so a learner with an
 * AWS account sees the same traces in the console while the local views keep working. Like the real daemon:
 * batches of up to 50 documents, sent after 1 s without new ones, SigV4-signed (src/kit/forward/sigv4.ts, the
 * node:crypto signer the other forwarders use: @smithy/signature-v4 would add ~480 KB to the sandbox bundle).
 *
 * Off unless WORKSHOP_FORWARD_XRAY=1 AND AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) AND a region
 * (WORKSHOP_FORWARD_AWS_REGION, else AWS_REGION, else AWS_DEFAULT_REGION) are set. WORKSHOP_FORWARD_AWS_XRAY_URL
 * overrides the endpoint (tests). Names follow src/kit/forward/config.ts (WORKSHOP_FORWARD_AWS_*).
 * Credentials stay in this closure: never logged, never in stats. A failure is counted and never affects local
 * ingest; the queue is bounded, overflow is counted.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signRequest } from '../forward/sigv4.ts';
import type { SegmentStore } from './segment-store.ts';

export interface ForwardCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ForwarderOptions {
  segmentStore: SegmentStore;
  region: string;
  credentials: ForwardCredentials;
  /** Default https://xray.<region>.amazonaws.com */
  endpoint?: string;
  batchSize?: number;
  idleFlushMs?: number;
  maxQueue?: number;
}

export interface ForwarderStats {
  endpoint: string;
  region: string;
  queued: number;
  sent: number;
  /** Documents in batches that failed (network error or non-2xx). */
  failed: number;
  /** Documents X-Ray listed as UnprocessedTraceSegments. */
  rejected: number;
  /** Documents dropped because the queue was full. */
  overflowed: number;
  batches: number;
  lastError?: string;
}

export interface Forwarder {
  stats(): ForwarderStats;
  /** Sends everything queued now; resolves when the queue is empty (or sending failed). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const requestTimeoutMs = 10_000;

export function startForwarder(options: ForwarderOptions): Forwarder {
  const batchSize = options.batchSize ?? 50;
  const idleFlushMs = options.idleFlushMs ?? 1000;
  const maxQueue = options.maxQueue ?? 5000;
  const endpoint = new URL(options.endpoint ?? `https://xray.${options.region}.amazonaws.com`);
  const counters: ForwarderStats = { endpoint: endpoint.origin, region: options.region, queued: 0, sent: 0, failed: 0, rejected: 0, overflowed: 0, batches: 0 };
  const queue: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;
  let closed = false;

  const unsubscribe = options.segmentStore.subscribe((added) => {
    for (const record of added) {
      if (queue.length >= maxQueue) {
        counters.overflowed += 1;
        continue;
      }
      queue.push(JSON.stringify(record.value.document));
    }
    if (queue.length >= batchSize) void drain();
    else schedule();
  });

  function schedule(): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain();
    }, idleFlushMs);
    timer.unref();
  }

  function drain(): Promise<void> {
    sending ??= (async () => {
      try {
        while (queue.length > 0) await sendBatch(queue.splice(0, batchSize));
      } finally {
        sending = undefined;
      }
    })();
    return sending;
  }

  async function sendBatch(batch: string[]): Promise<void> {
    counters.batches += 1;
    try {
      const body = JSON.stringify({ TraceSegmentDocuments: batch });
      const url = new URL(`${endpoint.pathname.replace(/\/$/, '')}/TraceSegments`, endpoint);
      const headers = signRequest({ url, service: 'xray', region: options.region, credentials: options.credentials, headers: { 'content-type': 'application/json' }, body });
      const reply = await post(endpoint, url.pathname, headers, body);
      if (reply.status < 200 || reply.status >= 300) {
        counters.failed += batch.length;
        counters.lastError = `HTTP ${reply.status}: ${reply.body.slice(0, 200)}`;
        return;
      }
      const unprocessed = unprocessedCount(reply.body);
      counters.rejected += unprocessed;
      counters.sent += batch.length - unprocessed;
    } catch (error) {
      counters.failed += batch.length;
      counters.lastError = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
    }
  }

  return {
    stats: () => ({ ...counters, queued: queue.length }),
    flush: async () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await drain();
    },
    close: async () => {
      closed = true;
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      await drain();
    },
  };
}

/** The forwarder the environment asks for, or undefined (with a one-line reason when the flag is on). */
export function forwarderFromEnv(segmentStore: SegmentStore, env: NodeJS.ProcessEnv = process.env): Forwarder | undefined {
  if (env['WORKSHOP_FORWARD_XRAY'] !== '1') return undefined;
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  const region = env['WORKSHOP_FORWARD_AWS_REGION'] || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  const missing = [accessKeyId ? '' : 'AWS_ACCESS_KEY_ID', secretAccessKey ? '' : 'AWS_SECRET_ACCESS_KEY', region ? '' : 'AWS_REGION'].filter(Boolean);
  if (missing.length > 0 || accessKeyId === undefined || secretAccessKey === undefined || region === undefined || !/^[a-z0-9-]{1,32}$/.test(region)) {
    if (missing.length === 0) {
      console.error('x-ray forwarding is on (WORKSHOP_FORWARD_XRAY=1) but the AWS region is not a region name; segments stay local.');
      return undefined;
    }
    console.error(`x-ray forwarding is on (WORKSHOP_FORWARD_XRAY=1) but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set; segments stay local.`);
    return undefined;
  }
  const credentials: ForwardCredentials = { accessKeyId, secretAccessKey };
  const sessionToken = env['AWS_SESSION_TOKEN'];
  if (sessionToken) credentials.sessionToken = sessionToken;
  const endpoint = env['WORKSHOP_FORWARD_AWS_XRAY_URL'];
  return startForwarder({ segmentStore, region, credentials, ...(endpoint ? { endpoint } : {}) });
}

function post(endpoint: URL, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const send = endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({ protocol: endpoint.protocol, hostname: endpoint.hostname, port: endpoint.port || undefined, method: 'POST', path, headers, timeout: requestTimeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        // Only the start of a reply is ever looked at.
        if (size < 64 * 1024) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${endpoint.host} within ${requestTimeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function unprocessedCount(body: string): number {
  try {
    const parsed = JSON.parse(body) as { UnprocessedTraceSegments?: unknown };
    return Array.isArray(parsed.UnprocessedTraceSegments) ? parsed.UnprocessedTraceSegments.length : 0;
  } catch {
    return 0;
  }
}
