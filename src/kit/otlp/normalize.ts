/**
 * Turns an ExportTraceServiceRequest in its JSON shape (from a JSON body, or from protobuf via `codec.ts`) into
 * StoredSpans. One code path for both encodings, so a span looks the same however the app sent it.
 *
 * Strict about structure (a wrong type anywhere → DecodeError → 400, like the Collector), lenient about what
 * proto3 JSON allows (missing fields, int64 as number or string, enums as numbers or names, snake_case keys).
 * A span with an invalid id is rejected on its own (partial success) instead of failing the whole request.
 */
import { DecodeError } from './decode-error.ts';
import {
  spanKindNames,
  statusCodeNames,
  type AttrValue,
  type Attributes,
  type SpanEvent,
  type SpanKindName,
  type SpanLink,
  type StatusCodeName,
  type StoredSpan,
} from './span-model.ts';

/** How `bytes` ids are written: hex in OTLP/JSON, base64 after protobufjs' toObject. */
export type IdEncoding = 'hex' | 'base64';

export interface NormalizeOptions {
  ids: IdEncoding;
  receivedAt: number;
}

export interface NormalizeResult {
  spans: StoredSpan[];
  rejectedSpans: number;
  /** Why spans were rejected (first reason), for the partial-success answer. */
  errorMessage?: string;
}

type Obj = Record<string, unknown>;

/** AnyValue nesting deeper than this is refused: real attributes are flat, and recursion must stay bounded. */
const maxValueDepth = 32;

export function normalizeTraceRequest(body: unknown, options: NormalizeOptions): NormalizeResult {
  const request = asObject(body, '$') ?? {};
  const result: NormalizeResult = { spans: [], rejectedSpans: 0 };
  asArray(field(request, 'resourceSpans', 'resource_spans'), 'resourceSpans').forEach((rs, i) => {
    const path = `resourceSpans[${i}]`;
    const resourceSpans = asObject(rs, path) ?? {};
    const resourceObj = asObject(resourceSpans['resource'], `${path}.resource`) ?? {};
    const resource = toAttributes(resourceObj['attributes'], `${path}.resource.attributes`);
    // Old clients (before ScopeSpans) used InstrumentationLibrarySpans; read it when ScopeSpans is absent.
    let scopeList = asArray(field(resourceSpans, 'scopeSpans', 'scope_spans'), `${path}.scopeSpans`);
    let scopeKey = 'scope';
    if (scopeList.length === 0) {
      scopeList = asArray(field(resourceSpans, 'instrumentationLibrarySpans', 'instrumentation_library_spans'), `${path}.instrumentationLibrarySpans`);
      scopeKey = 'instrumentationLibrary';
    }
    scopeList.forEach((ss, j) => {
      const scopePath = `${path}.scopeSpans[${j}]`;
      const scopeSpans = asObject(ss, scopePath) ?? {};
      const scopeObj = asObject(field(scopeSpans, scopeKey, 'instrumentation_library'), `${scopePath}.scope`) ?? {};
      const scope: StoredSpan['scope'] = { name: asString(scopeObj['name'], `${scopePath}.scope.name`) };
      const version = asString(scopeObj['version'], `${scopePath}.scope.version`);
      if (version !== '') scope.version = version;
      asArray(scopeSpans['spans'], `${scopePath}.spans`).forEach((s, k) => {
        const outcome = toSpan(s, `${scopePath}.spans[${k}]`, resource, scope, options);
        if (typeof outcome === 'string') {
          result.rejectedSpans += 1;
          result.errorMessage ??= outcome;
        } else {
          result.spans.push(outcome);
        }
      });
    });
  });
  return result;
}

/** Returns the span, or a rejection reason for a span whose ids are unusable. */
function toSpan(value: unknown, path: string, resource: Attributes, scope: StoredSpan['scope'], options: NormalizeOptions): StoredSpan | string {
  const s = asObject(value, path) ?? {};
  const name = asString(s['name'], `${path}.name`);
  const traceId = toId(field(s, 'traceId', 'trace_id'), 16, options.ids, `${path}.traceId`);
  const spanId = toId(field(s, 'spanId', 'span_id'), 8, options.ids, `${path}.spanId`);
  const parentSpanId = toId(field(s, 'parentSpanId', 'parent_span_id'), 8, options.ids, `${path}.parentSpanId`);
  if (traceId === null || traceId === '') return `span "${name}": invalid or missing traceId`;
  if (spanId === null || spanId === '') return `span "${name}": invalid or missing spanId`;
  if (parentSpanId === null) return `span "${name}": invalid parentSpanId`;

  const startTimeUnixNano = toUint64(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`);
  const endTimeUnixNano = toUint64(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`);
  const statusObj = asObject(s['status'], `${path}.status`) ?? {};
  const status: StoredSpan['status'] = { code: toEnum(statusObj['code'], statusCodeNames, 'STATUS_CODE_', `${path}.status.code`) as StatusCodeName };
  const statusMessage = asString(statusObj['message'], `${path}.status.message`);
  if (statusMessage !== '') status.message = statusMessage;

  const span: StoredSpan = {
    traceId,
    spanId,
    name,
    kind: toEnum(s['kind'], spanKindNames, 'SPAN_KIND_', `${path}.kind`) as SpanKindName,
    startTimeUnixNano,
    endTimeUnixNano,
    durationMs: Number(BigInt(endTimeUnixNano) - BigInt(startTimeUnixNano)) / 1e6,
    attributes: toAttributes(s['attributes'], `${path}.attributes`),
    resource,
    scope,
    status,
    events: asArray(s['events'], `${path}.events`).map((e, i) => toEvent(e, `${path}.events[${i}]`)),
    links: [],
    receivedAt: options.receivedAt,
  };
  if (parentSpanId !== '') span.parentSpanId = parentSpanId;
  const traceState = asString(field(s, 'traceState', 'trace_state'), `${path}.traceState`);
  if (traceState !== '') span.traceState = traceState;
  for (const [i, l] of asArray(s['links'], `${path}.links`).entries()) {
    const link = toLink(l, `${path}.links[${i}]`, options.ids);
    if (typeof link === 'string') return `span "${name}": ${link}`;
    span.links.push(link);
  }
  return span;
}

function toEvent(value: unknown, path: string): SpanEvent {
  const e = asObject(value, path) ?? {};
  return {
    name: asString(e['name'], `${path}.name`),
    timeUnixNano: toUint64(field(e, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`),
    attributes: toAttributes(e['attributes'], `${path}.attributes`),
  };
}

function toLink(value: unknown, path: string, ids: IdEncoding): SpanLink | string {
  const l = asObject(value, path) ?? {};
  const traceId = toId(field(l, 'traceId', 'trace_id'), 16, ids, `${path}.traceId`);
  const spanId = toId(field(l, 'spanId', 'span_id'), 8, ids, `${path}.spanId`);
  if (!traceId || !spanId) return 'invalid link id';
  const link: SpanLink = { traceId, spanId, attributes: toAttributes(l['attributes'], `${path}.attributes`) };
  const traceState = asString(field(l, 'traceState', 'trace_state'), `${path}.traceState`);
  if (traceState !== '') link.traceState = traceState;
  return link;
}

export function toAttributes(value: unknown, path: string): Attributes {
  const out: Attributes = {};
  asArray(value, path).forEach((kv, i) => {
    const entry = asObject(kv, `${path}[${i}]`) ?? {};
    out[asString(entry['key'], `${path}[${i}].key`)] = toAttrValue(entry['value'], `${path}[${i}].value`, 0);
  });
  return out;
}

function toAttrValue(value: unknown, path: string, depth: number): AttrValue {
  if (depth > maxValueDepth) throw new DecodeError(`${path}: values nested deeper than ${maxValueDepth}`);
  const v = asObject(value, path);
  if (v === undefined) return null;
  const str = field(v, 'stringValue', 'string_value');
  if (str !== undefined && str !== null) return asString(str, `${path}.stringValue`);
  const bool = field(v, 'boolValue', 'bool_value');
  if (bool !== undefined && bool !== null) {
    if (typeof bool !== 'boolean') throw new DecodeError(`${path}.boolValue: expected a boolean`);
    return bool;
  }
  const int = field(v, 'intValue', 'int_value');
  if (int !== undefined && int !== null) {
    const text = toInt64(int, `${path}.intValue`);
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  const dbl = field(v, 'doubleValue', 'double_value');
  if (dbl !== undefined && dbl !== null) return toDouble(dbl, `${path}.doubleValue`);
  const arr = field(v, 'arrayValue', 'array_value');
  if (arr !== undefined && arr !== null) {
    const list = asObject(arr, `${path}.arrayValue`) ?? {};
    return asArray(list['values'], `${path}.arrayValue.values`).map((item, i) => toAttrValue(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  const kvlist = field(v, 'kvlistValue', 'kvlist_value');
  if (kvlist !== undefined && kvlist !== null) {
    const list = asObject(kvlist, `${path}.kvlistValue`) ?? {};
    const out: { [key: string]: AttrValue } = {};
    asArray(list['values'], `${path}.kvlistValue.values`).forEach((kv, i) => {
      const entry = asObject(kv, `${path}.kvlistValue.values[${i}]`) ?? {};
      out[asString(entry['key'], `${path}.kvlistValue.values[${i}].key`)] = toAttrValue(entry['value'], `${path}.kvlistValue.values[${i}].value`, depth + 1);
    });
    return out;
  }
  const bytes = field(v, 'bytesValue', 'bytes_value');
  if (bytes !== undefined && bytes !== null) return asString(bytes, `${path}.bytesValue`);
  return null;
}

/** Ids: '' when absent, null when present but unusable, else lowercase hex of exactly `size` bytes. */
function toId(value: unknown, size: number, encoding: IdEncoding, path: string): string | null {
  if (value === undefined || value === null) return '';
  const text = asString(value, path);
  if (text === '') return '';
  let hex: string | null = null;
  if (encoding === 'hex' && text.length === size * 2 && /^[0-9a-fA-F]+$/.test(text)) {
    hex = text.toLowerCase();
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    // Base64 is what protobuf bytes become; some old JSON exporters sent it too.
    const buf = Buffer.from(text, 'base64');
    if (buf.length === size) hex = buf.toString('hex');
  }
  if (hex === null || /^0+$/.test(hex)) return null;
  return hex;
}

function toUint64(value: unknown, path: string): string {
  const text = toInt64(value, path);
  if (text.startsWith('-')) throw new DecodeError(`${path}: expected an unsigned integer`);
  return text;
}

/** proto3 JSON: 64-bit integers are decimal strings, but numbers must be accepted too. */
function toInt64(value: unknown, path: string): string {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecodeError(`${path}: expected an integer`);
    return BigInt(Math.trunc(value)).toString();
  }
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) {
    const n = BigInt(value);
    if (n > 18446744073709551615n || n < -9223372036854775808n) throw new DecodeError(`${path}: out of 64-bit range`);
    return n.toString();
  }
  throw new DecodeError(`${path}: expected an integer (number or decimal string)`);
}

function toDouble(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  // proto3 JSON writes non-finite doubles as strings.
  if (typeof value === 'string' && (value === 'NaN' || value === 'Infinity' || value === '-Infinity' || /^-?\d/.test(value))) {
    const n = Number(value);
    if (!Number.isNaN(n) || value === 'NaN') return n;
  }
  throw new DecodeError(`${path}: expected a number`);
}

function toEnum(value: unknown, names: readonly string[], prefix: string, path: string): string {
  if (value === undefined || value === null) return names[0] ?? '';
  if (typeof value === 'number' && Number.isInteger(value)) return names[value] ?? names[0] ?? '';
  // Names are not allowed by the OTLP JSON spec, but proto3 JSON parsers accept them; so do we.
  if (typeof value === 'string') {
    const index = names.indexOf(value.replace(prefix, '').toLowerCase());
    if (index >= 0) return names[index] ?? '';
  }
  throw new DecodeError(`${path}: expected an enum number`);
}

function field(obj: Obj, camel: string, snake: string): unknown {
  return obj[camel] !== undefined ? obj[camel] : obj[snake];
}

function asObject(value: unknown, path: string): Obj | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new DecodeError(`${path}: expected an object`);
  return value as Obj;
}

function asArray(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DecodeError(`${path}: expected an array`);
  return value;
}

function asString(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new DecodeError(`${path}: expected a string`);
  return value;
}
