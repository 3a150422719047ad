/**
 * Validates an item payload the way Rollbar's `POST /api/1/item/` does (protocols §3): `data.environment`
 * (1–255 characters), `data.body` with EXACTLY ONE of trace / trace_chain / message / crash_report (`telemetry`
 * may sit beside it, as rollbar.js sends it), and `level` from the allowed set. The checks are deliberately
 * structural: optional fields the clients send (request, person, server, notifier, custom, ...) pass as they are.
 */

export const levels = ['critical', 'error', 'warning', 'info', 'debug'] as const;
export const bodyKinds = ['trace', 'trace_chain', 'message', 'crash_report'] as const;
export type BodyKind = (typeof bodyKinds)[number];

export type RollbarData = Record<string, unknown> & { environment: string; body: Record<string, unknown> };

export type Validation = { ok: true; data: RollbarData; kind: BodyKind } | { ok: false; message: string };

export function validatePayload(payload: unknown): Validation {
  if (!isObject(payload)) return invalid('the payload must be a JSON object');
  const data = payload['data'];
  if (!isObject(data)) return invalid('data is a required object');
  const environment = data['environment'];
  if (typeof environment !== 'string' || environment === '') return invalid('data.environment is a required string');
  if (environment.length > 255) return invalid('data.environment must be at most 255 characters');
  const body = data['body'];
  if (!isObject(body)) return invalid('data.body is a required object');
  const present = bodyKinds.filter((k) => body[k] !== undefined && body[k] !== null);
  if (present.length !== 1) {
    return invalid(`data.body must contain exactly one of ${bodyKinds.join(', ')}${present.length > 1 ? ` (found ${present.join(', ')})` : ''}`);
  }
  const kind = present[0] as BodyKind;
  const problem = checkBody(kind, body[kind]);
  if (problem !== undefined) return invalid(problem);
  const level = data['level'];
  if (level !== undefined && level !== null && !(typeof level === 'string' && (levels as readonly string[]).includes(level))) {
    return invalid(`data.level must be one of ${levels.join(', ')}`);
  }
  const timestamp = data['timestamp'];
  if (timestamp !== undefined && timestamp !== null && (typeof timestamp !== 'number' || !Number.isFinite(timestamp))) return invalid('data.timestamp must be a number (unix seconds)');
  for (const key of ['uuid', 'fingerprint', 'title', 'code_version', 'platform', 'language', 'framework', 'context']) {
    const value = data[key];
    if (value !== undefined && value !== null && typeof value !== 'string') return invalid(`data.${key} must be a string`);
  }
  const uuid = data['uuid'];
  if (typeof uuid === 'string' && uuid.length > 36) return invalid('data.uuid must be at most 36 characters');
  return { ok: true, data: data as RollbarData, kind };
}

function checkBody(kind: BodyKind, value: unknown): string | undefined {
  switch (kind) {
    case 'message':
      if (!isObject(value) || typeof value['body'] !== 'string') return 'data.body.message.body is a required string';
      return undefined;
    case 'trace':
      return checkTrace(value, 'data.body.trace');
    case 'trace_chain':
      if (!Array.isArray(value) || value.length === 0) return 'data.body.trace_chain must be a non-empty array of traces';
      for (let i = 0; i < value.length; i++) {
        const problem = checkTrace(value[i], `data.body.trace_chain[${i}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'crash_report':
      if (!isObject(value) || typeof value['raw'] !== 'string') return 'data.body.crash_report.raw is a required string';
      return undefined;
  }
}

function checkTrace(value: unknown, where: string): string | undefined {
  if (!isObject(value)) return `${where} must be an object`;
  if (!Array.isArray(value['frames'])) return `${where}.frames is a required array`;
  const exception = value['exception'];
  if (!isObject(exception) || typeof exception['class'] !== 'string') return `${where}.exception.class is a required string`;
  const message = exception['message'];
  if (message !== undefined && message !== null && typeof message !== 'string') return `${where}.exception.message must be a string`;
  return undefined;
}

function invalid(detail: string): Validation {
  return { ok: false, message: `Invalid format. ${detail}.` };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
