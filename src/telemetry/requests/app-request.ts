/**
 * Sends a request to the learner's backend from inside the sandbox (through the tap), in both modes: the page
 * could not read most answers itself (the app's CORS rules name its own frontend, not the workshop page, and a
 * browser hides non-safelisted response headers such as `traceparent`), and in a WebContainer it cannot reach the
 * app at all.
 */
import { tapOnce, type TapSandbox } from '../access/tap.ts';

export const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type Method = (typeof methods)[number];

export interface AppRequest {
  method: Method;
  /** Starts with "/": the path and query on the backend. */
  path: string;
  /** Sent as JSON when present (the Cruddur POST routes read JSON). */
  body?: string;
}

export interface AppResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
  truncated: boolean;
  /** Measured inside the sandbox, so it excludes the time the tap itself takes to start. */
  timeMs: number;
  /** When the request left, on the page's clock: the trace that follows it arrived after this. */
  sentAt: number;
}

/** A clear message for input that cannot be sent, or undefined when it can. */
export function requestProblem(request: AppRequest): string | undefined {
  if (!request.path.startsWith('/') || request.path.startsWith('//')) return 'The path must start with a single "/", for example /api/activities/home.';
  if (/\s/.test(request.path)) return 'The path cannot contain spaces; encode them as %20.';
  if (request.body !== undefined && request.body.trim() !== '') {
    if (request.method === 'GET' || request.method === 'HEAD') return `A ${request.method} request cannot have a body.`;
    try {
      JSON.parse(request.body);
    } catch (error) {
      return `The body is not valid JSON: ${(error as Error).message}`;
    }
  }
  return undefined;
}

export async function sendAppRequest(sandbox: TapSandbox, backendPort: number, request: AppRequest): Promise<AppResponse> {
  const problem = requestProblem(request);
  if (problem) throw new Error(problem);
  const hasBody = request.body !== undefined && request.body.trim() !== '';
  const sentAt = Date.now();
  const result = await tapOnce(
    sandbox,
    'request',
    JSON.stringify({
      url: `http://127.0.0.1:${backendPort}${request.path}`,
      method: request.method,
      headers: hasBody ? { 'content-type': 'application/json' } : {},
      ...(hasBody ? { body: request.body } : {}),
    }),
  );
  return {
    status: result.status,
    statusText: result.statusText ?? '',
    headers: result.headers ?? [],
    body: result.body,
    truncated: result.truncated ?? false,
    timeMs: result.timeMs ?? 0,
    sentAt,
  };
}
