/** Reading X-Ray API request bodies: JSON objects, epoch-second timestamps, the region a client signed for. */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError, invalid } from './aws-error.ts';

export function parseBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AwsError('SerializationException', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** botocore sends timestamps as epoch seconds; ISO strings are accepted too (hand-written requests). */
export function timestamp(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(`${field} is required (epoch seconds)`);
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? (/^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value) / 1000) : Number.NaN;
  if (!Number.isFinite(seconds)) throw invalid(`${field} must be a timestamp (epoch seconds), got ${JSON.stringify(value)}`);
  return seconds;
}

export function timeRange(body: Record<string, unknown>): { start: number; end: number } {
  const start = timestamp(body, 'StartTime');
  const end = timestamp(body, 'EndTime');
  if (end < start) throw invalid('EndTime must not be before StartTime');
  return { start, end };
}

export function traceIds(body: Record<string, unknown>): string[] {
  const ids = body['TraceIds'];
  if (!Array.isArray(ids) || ids.length === 0) throw invalid('TraceIds is required (a list of trace ids)');
  if (ids.length > 100) throw invalid('TraceIds holds at most 100 ids per call');
  return ids.map((id) => {
    if (typeof id !== 'string' || id.length < 1 || id.length > 35) throw invalid(`Invalid trace id ${JSON.stringify(id)}`);
    return id;
  });
}

/** The region from a SigV4 `Authorization` header's credential scope, if the client signed. */
export function signedRegion(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers['authorization'];
  const text = Array.isArray(auth) ? auth[0] : auth;
  return text === undefined ? undefined : /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/xray\//.exec(text)?.[1];
}

/** Opaque page tokens: the offset into a stable list. */
export function pageStart(body: Record<string, unknown>): number {
  const token = body['NextToken'];
  if (token === undefined || token === null || token === '') return 0;
  const offset = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8')) : Number.NaN;
  if (!Number.isInteger(offset) || offset < 0) throw invalid('NextToken is not one this service returned');
  return offset;
}

export function pageToken(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}
