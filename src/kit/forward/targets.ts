/**
 * The three upstream calls: OTLP traces as received (same bytes and content type, decompressed), Rollbar items
 * re-posted with the forwarding token, CloudWatch Logs PutLogEvents re-signed with SigV4 (sigv4.ts) for the real
 * endpoint.
 */
import type { AwsTarget, OtlpTarget, RollbarTarget } from './config.ts';
import { signRequest } from './sigv4.ts';
import type { ForwardJob } from './upstream.ts';

export type FetchLike = typeof fetch;

export function otlpJob(target: OtlpTarget, body: Buffer, format: 'json' | 'protobuf', fetchImpl: FetchLike): ForwardJob {
  const contentType = format === 'json' ? 'application/json' : 'application/x-protobuf';
  return async (signal) => {
    const response = await fetchImpl(target.url, { method: 'POST', headers: { ...target.headers, 'content-type': contentType }, body: new Uint8Array(body), signal });
    // Protobuf replies are binary; only a JSON/text error body is worth showing.
    const text = response.ok ? '' : await textOf(response);
    return { status: response.status, ok: response.ok, text };
  };
}

export function rollbarJob(target: RollbarTarget, data: unknown, fetchImpl: FetchLike): ForwardJob {
  const body = JSON.stringify({ data });
  return async (signal) => {
    const response = await fetchImpl(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rollbar-access-token': target.token },
      body,
      signal,
    });
    const text = await textOf(response);
    // Rollbar answers 200 with `err: 0`; anything else is a failure even when the status is 2xx.
    let ok = response.ok;
    try {
      ok = ok && (JSON.parse(text) as { err?: unknown }).err === 0;
    } catch {
      ok = false;
    }
    return { status: response.status, ok, text: ok ? '' : text };
  };
}

export interface LogBatch {
  logGroupName: string;
  logStreamName: string;
  logEvents: { timestamp: number; message: string }[];
}

/**
 * PutLogEvents upstream. The real group or stream may not exist yet (the learner created them locally): on
 * ResourceNotFoundException, create both (ignoring "already exists") and try once more. Deletes are never
 * forwarded: the workshop must not remove real resources.
 */
export function cloudWatchLogsJob(target: AwsTarget, batch: LogBatch, fetchImpl: FetchLike): ForwardJob {
  const url = new URL(target.url);
  const call = async (operation: string, input: unknown, signal: AbortSignal): Promise<{ status: number; text: string }> => {
    const body = JSON.stringify(input);
    const headers = signRequest({
      url,
      service: 'logs',
      region: target.region,
      credentials: target.credentials,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}` },
      body,
    });
    const response = await fetchImpl(url, { method: 'POST', headers, body, signal });
    return { status: response.status, text: await textOf(response) };
  };
  return async (signal) => {
    let result = await call('PutLogEvents', batch, signal);
    if (result.status === 400 && errorType(result.text) === 'ResourceNotFoundException') {
      for (const [operation, input] of [
        ['CreateLogGroup', { logGroupName: batch.logGroupName }],
        ['CreateLogStream', { logGroupName: batch.logGroupName, logStreamName: batch.logStreamName }],
      ] as const) {
        const created = await call(operation, input, signal);
        if (created.status !== 200 && errorType(created.text) !== 'ResourceAlreadyExistsException') return { ...created, ok: false };
      }
      result = await call('PutLogEvents', batch, signal);
    }
    return { ...result, ok: result.status === 200, text: result.status === 200 ? '' : result.text };
  };
}

function errorType(text: string): string | undefined {
  try {
    const type = (JSON.parse(text) as { __type?: unknown }).__type;
    return typeof type === 'string' ? type.split('#').pop() : undefined;
  } catch {
    return undefined;
  }
}

async function textOf(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, 2000);
  } catch {
    return '';
  }
}
