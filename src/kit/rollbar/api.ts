/**
 * The Rollbar stand-in's wire side: `POST /api/1/item/` as rollbar.js 3.1.0 and pyrollbar send it (protocols §3).
 * Token from `X-Rollbar-Access-Token` (or the deprecated `access_token` body/form field); JSON `{data}` or the
 * legacy form field `payload`. Replies in Rollbar's shape: `{"err":0,"result":{"id":null,"uuid":...}}`, errors
 * `{"err":1,"message":...}` with 401 (no token), 400 (unreadable body), 415 (content type) or 422 (invalid data).
 * Any token is accepted; it is never stored (see scrub.ts).
 */
import { randomUUID } from 'node:crypto';
import { jsonReply, type RouteHandler, type RouteReply } from '../http-route.ts';
import type { ErrorShape } from '../aws-port/server.ts';
import type { RollbarItem, RollbarStore } from './item-store.ts';
import { scrubToken, tokenHint } from './scrub.ts';
import { validatePayload, type RollbarData } from './validate.ts';

export const itemPaths = ['/api/1/item/', '/api/1/item'];

/** Errors the AWS port itself raises under `/api/1/` (body too big, bad encoding) in Rollbar's shape. */
export const rollbarErrorShape: ErrorShape = { prefix: '/api/1/', reply: (status, _code, message) => rollbarError(status, message) };

export interface RollbarApiStats {
  received: number;
  stored: number;
  /** 401: no token. */
  unauthorized: number;
  /** 400/415/422: unreadable or invalid payloads. */
  rejected: number;
}

export interface ReceivedItem {
  /** Validated and scrubbed: no access token anywhere. */
  data: RollbarData;
  item: RollbarItem;
}

export interface RollbarApiOptions {
  store: RollbarStore;
  now?: () => number;
  /** Told about every stored occurrence (forwarding); exceptions are caught. */
  onItem?: (received: ReceivedItem) => void;
}

export function createRollbarApi(options: RollbarApiOptions): { handler: RouteHandler; stats: RollbarApiStats } {
  const now = options.now ?? Date.now;
  const stats: RollbarApiStats = { received: 0, stored: 0, unauthorized: 0, rejected: 0 };
  const handler: RouteHandler = async (request) => {
    if (!itemPaths.includes(request.path)) return undefined;
    if (request.method !== 'POST') {
      stats.rejected += 1;
      return rollbarError(405, `${request.method} is not allowed: POST items to /api/1/item/`, { Allow: 'POST' });
    }
    stats.received += 1;
    const parsed = parseBody(headerValue(request.headers['content-type']), request.body);
    if ('error' in parsed) {
      stats.rejected += 1;
      return rollbarError(parsed.status, parsed.error);
    }
    const token = nonEmpty(headerValue(request.headers['x-rollbar-access-token'])) ?? nonEmpty(parsed.token);
    if (token === undefined) {
      stats.unauthorized += 1;
      return rollbarError(401, 'access token required: send it in the X-Rollbar-Access-Token header');
    }
    const validation = validatePayload(parsed.payload);
    if (!validation.ok) {
      stats.rejected += 1;
      return rollbarError(422, validation.message);
    }
    const data = scrubToken(validation.data, token) as RollbarData;
    const uuid = typeof data['uuid'] === 'string' && data['uuid'] !== '' ? data['uuid'] : randomUUID();
    const { item } = options.store.add(data, validation.kind, uuid, now(), tokenHint(token));
    stats.stored += 1;
    if (options.onItem !== undefined) {
      try {
        options.onItem({ data, item });
      } catch (error) {
        console.error('rollbar: forwarding hook failed:', error instanceof Error ? error.message : String(error));
      }
    }
    return jsonReply(200, { err: 0, result: { id: null, uuid } });
  };
  return { handler, stats };
}

export function rollbarError(status: number, message: string, headers: Record<string, string> = {}): RouteReply {
  return jsonReply(status, { err: 1, message }, headers);
}

type Parsed = { payload: unknown; token?: string } | { error: string; status: number };

function parseBody(contentType: string | undefined, body: Buffer): Parsed {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.toString('utf8');
  const json = (): Parsed => {
    if (text.trim() === '') return { error: 'empty request body: send a JSON object {"data": {...}}', status: 400 };
    try {
      const payload: unknown = JSON.parse(text);
      const token = tokenIn(payload);
      return token === undefined ? { payload } : { payload, token };
    } catch {
      return { error: 'invalid JSON in request body', status: 400 };
    }
  };
  if (media === '' || media === 'application/json' || media === 'text/plain') return json();
  if (media === 'application/x-www-form-urlencoded') {
    // `curl -d '{...}'` sends JSON under the form type; take it as JSON.
    if (text.trimStart().startsWith('{')) return json();
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload === null) return { error: 'form body without a "payload" field', status: 400 };
    try {
      const parsed: unknown = JSON.parse(payload);
      const token = form.get('access_token') ?? tokenIn(parsed);
      return token === undefined ? { payload: parsed } : { payload: parsed, token };
    } catch {
      return { error: 'invalid JSON in the "payload" form field', status: 400 };
    }
  }
  return { error: `unsupported Content-Type "${media}": send application/json`, status: 415 };
}

/** The deprecated `access_token` member of the payload itself. */
function tokenIn(payload: unknown): string | undefined {
  const token = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)['access_token'] : undefined;
  return typeof token === 'string' ? token : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
