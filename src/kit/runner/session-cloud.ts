/**
 * Read-only calls to the learner's running session cloud (the AWS endpoint their terminal's `aws` CLI talks to),
 * through the real X-Ray API routes, so a check can see what the learner created there. Reads only: a check
 * must never change the learner's cloud. A cloud that cannot be reached is the environment's problem, never the
 * learner's.
 */
import type { SamplingRuleRecord, SessionCloudAccess, XrayGroup } from '../../checks/types.ts';
import { CheckAbort } from './check-abort.ts';

const maxPages = 20;

export interface SessionCloudOptions {
  /** The session cloud's AWS endpoint (the runner's own AWS_ENDPOINT_URL, before the app's is overridden). */
  endpoint: string | undefined;
  signal: AbortSignal;
  /** Milliseconds the call may take (what is left of the check's deadline). */
  timeoutMs(): number;
}

export function createSessionCloud(options: SessionCloudOptions): SessionCloudAccess {
  const endpoint = usableEndpoint(options.endpoint);
  const call = async (operation: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    if (endpoint === undefined) {
      throw new CheckAbort('environment', 'no-session-cloud', 'The check needs your sandbox\'s local cloud, but the runner was not told where it is (AWS_ENDPOINT_URL is not set to an http(s) address).');
    }
    const url = new URL(operation, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(Math.max(1, Math.floor(options.timeoutMs())))]),
      });
    } catch (error) {
      const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new CheckAbort('environment', 'session-cloud-unreachable', `Could not reach the sandbox's local cloud at ${url.origin} (${why}). Is it still running? Reload the page to restart it.`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok || typeof parsed !== 'object' || parsed === null) {
      throw new CheckAbort('environment', 'session-cloud-error', `The sandbox's local cloud answered ${operation} with HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    return parsed as Record<string, unknown>;
  };
  // Both operations page with NextToken; follow it (bounded) so a long list cannot hide the learner's entry.
  const paged = async <T>(operation: string, key: string): Promise<T[]> => {
    const out: T[] = [];
    let token: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const result = await call(operation, token === undefined ? {} : { NextToken: token });
      const items = result[key];
      if (Array.isArray(items)) out.push(...(items as T[]));
      token = typeof result['NextToken'] === 'string' && result['NextToken'] !== '' ? result['NextToken'] : undefined;
      if (token === undefined) break;
    }
    return out;
  };
  return {
    endpoint,
    xraySamplingRules: () => paged<SamplingRuleRecord>('GetSamplingRules', 'SamplingRuleRecords'),
    xrayGroups: () => paged<XrayGroup>('Groups', 'Groups'),
  };
}

function usableEndpoint(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
