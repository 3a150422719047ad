import type { IncomingHttpHeaders } from 'node:http';

/**
 * One HTTP port of the local cloud serves several stand-ins (the AWS APIs and Rollbar's item API share 4566,
 * as LocalStack-style endpoints do). Each stand-in contributes route handlers; the port tries them in order
 * and the first that answers wins. Handlers get the whole (size-capped, decompressed) body.
 */
export interface RouteRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RouteReply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** Resolves `undefined` when the request is not this handler's, so the next handler may take it. */
export type RouteHandler = (request: RouteRequest) => Promise<RouteReply | undefined>;

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): RouteReply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}
