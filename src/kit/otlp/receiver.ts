/**
 * OTLP/HTTP receiver (the Honeycomb stand-in), as a request handler so one server can also carry the query API.
 * Follows the OTLP/HTTP spec: POST only, JSON or protobuf answered in kind, gzip, a size cap before and after
 * decompression (413), google.rpc.Status bodies on errors, partial success for individually bad spans, CORS
 * for browser exporters. Bad input never throws out of here: the server keeps serving.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SpanStore } from '../store/span-store.ts';
import { decodeProtobufRequest, encodePartialSuccess, encodeRpcStatus, type Signal } from './codec.ts';
import { DecodeError } from './decode-error.ts';
import { normalizeTraceRequest, type IdEncoding } from './normalize.ts';
import { BodyError, defaultMaxBodyBytes, readBody } from './read-body.ts';

export interface OtlpReceiverOptions {
  spans: SpanStore;
  /** Cap on the body, compressed and decompressed (default 16 MiB). */
  maxBodyBytes?: number;
  /** When it returns false, trace bodies are read and dropped unseen (the check runner's flood guard). */
  accepting?: () => boolean;
  now?: () => number;
  /**
   * Told about every stored trace request, with its decompressed body as received (forwarding to a real
   * backend, src/kit/forward/). Called after the reply is decided; exceptions are caught.
   */
  onTraces?: (request: { body: Buffer; format: 'json' | 'protobuf' }) => void;
}

export interface OtlpStats {
  requests: Record<Signal, number>;
  spansStored: number;
  spansRejected: number;
  requestsDropped: number;
  /** Requests answered 4xx/5xx. */
  errors: number;
  /** Requests that arrived gzip-compressed. */
  gzipRequests: number;
  /** Shown, never required: what the app sent as its Honeycomb key. */
  lastHoneycombTeam?: string;
}

export interface OtlpHandler {
  /** Handles OTLP paths and returns true; returns false (touching nothing) for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  readonly stats: OtlpStats;
}

type Format = 'json' | 'protobuf';

const signalPaths: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

/** google.rpc.Code values for the Status body. */
const rpcCodeFor: Record<number, number> = { 400: 3, 405: 12, 413: 8, 415: 3, 500: 13 };

export function createOtlpHandler(options: OtlpReceiverOptions): OtlpHandler {
  const maxBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const now = options.now ?? Date.now;
  const stats: OtlpStats = { requests: { traces: 0, metrics: 0, logs: 0 }, spansStored: 0, spansRejected: 0, requestsDropped: 0, errors: 0, gzipRequests: 0 };

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const signal = signalPaths[path];
    if (signal === undefined) return false;
    setCors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return true;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      sendError(res, 'json', 405, `method ${req.method ?? ''} not allowed: OTLP/HTTP accepts POST only`);
      return true;
    }
    const format = formatOf(req.headers['content-type']);
    if (format === undefined) {
      sendError(res, 'json', 415, `unsupported Content-Type "${req.headers['content-type'] ?? ''}": use application/json or application/x-protobuf`);
      req.resume();
      return true;
    }
    const team = req.headers['x-honeycomb-team'];
    if (typeof team === 'string') stats.lastHoneycombTeam = team;
    void receive(req, res, signal, format);
    return true;
  }

  async function receive(req: IncomingMessage, res: ServerResponse, signal: Signal, format: Format): Promise<void> {
    try {
      const body = await readBody(req, maxBytes);
      stats.requests[signal] += 1;
      if (/gzip/i.test(req.headers['content-encoding'] ?? '')) stats.gzipRequests += 1;
      if (signal !== 'traces') {
        // Metrics and logs are only validated and counted until their views exist.
        decode(signal, format, body);
        sendSuccess(res, format, 0, '');
        return;
      }
      if (options.accepting !== undefined && !options.accepting()) {
        stats.requestsDropped += 1;
        sendSuccess(res, format, 0, '');
        return;
      }
      const decoded = decode(signal, format, body);
      const ids: IdEncoding = format === 'json' ? 'hex' : 'base64';
      const result = normalizeTraceRequest(decoded, { ids, receivedAt: now() });
      options.spans.add(result.spans);
      stats.spansStored += result.spans.length;
      stats.spansRejected += result.rejectedSpans;
      sendSuccess(res, format, result.rejectedSpans, result.errorMessage ?? '');
      if (options.onTraces !== undefined && result.spans.length > 0) forward(options.onTraces, body, format);
    } catch (error) {
      if (error instanceof BodyError) {
        // The rest of an oversized body is not worth reading: answer and close the connection.
        if (error.status === 413) res.setHeader('Connection', 'close');
        sendError(res, format, error.status, error.message);
      } else if (error instanceof DecodeError) {
        sendError(res, format, 400, error.message);
      } else if (error instanceof RangeError) {
        // Stack exhaustion on pathological nesting, or similar: still the client's data.
        sendError(res, format, 400, `undecodable body: ${error.message}`);
      } else if (!res.headersSent && !req.destroyed) {
        sendError(res, format, 500, `receiver error: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  function sendError(res: ServerResponse, format: Format, status: number, message: string): void {
    stats.errors += 1;
    if (res.headersSent) return;
    const code = rpcCodeFor[status] ?? 2;
    if (format === 'protobuf') {
      res.writeHead(status, { 'Content-Type': 'application/x-protobuf' }).end(encodeRpcStatus(code, message));
    } else {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code, message }));
    }
  }

  return { handle, stats };
}

/** A broken forwarding hook must not turn a stored request into an error reply. */
function forward(hook: NonNullable<OtlpReceiverOptions['onTraces']>, body: Buffer, format: Format): void {
  try {
    hook({ body, format });
  } catch (error) {
    console.error('otlp: forwarding hook failed:', error instanceof Error ? error.message : String(error));
  }
}

function decode(signal: Signal, format: Format, body: Buffer): unknown {
  if (format === 'protobuf') return decodeProtobufRequest(signal, body);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new DecodeError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Full success is `{}` / an empty protobuf body; partial success names how many spans were refused and why. */
function sendSuccess(res: ServerResponse, format: Format, rejected: number, errorMessage: string): void {
  if (format === 'protobuf') {
    res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
    res.end(rejected > 0 ? encodePartialSuccess(rejected, errorMessage) : undefined);
  } else {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(rejected > 0 ? JSON.stringify({ partialSuccess: { rejectedSpans: String(rejected), errorMessage } }) : '{}');
  }
}

function formatOf(contentType: string | undefined): Format | undefined {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  return undefined;
}

/** Browser exporters (the frontend homework) post cross-origin; answer their preflight. */
function setCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', typeof origin === 'string' ? origin : '*');
  res.setHeader('Vary', 'Origin');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    const requested = req.headers['access-control-request-headers'];
    res.setHeader('Access-Control-Allow-Headers', typeof requested === 'string' && requested !== '' ? requested : 'content-type, content-encoding');
    res.setHeader('Access-Control-Max-Age', '600');
  }
}
