/**
 * Protobuf side of OTLP/HTTP: decode requests into their JSON shape (so `normalize.ts` is the only place that
 * builds spans) and encode the few answers we send (empty success, partial success, google.rpc.Status).
 */
import protobuf from 'protobufjs/light.js';
import { DecodeError } from './decode-error.ts';
import { otlpDescriptor } from './proto/descriptor.ts';

export type Signal = 'traces' | 'metrics' | 'logs';

const requestTypeNames: Record<Signal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  metrics: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  logs: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
};

let root: protobuf.Root | undefined;

/** Built on first use: start-up stays fast for a cloud that only ever sees JSON. */
function requestType(signal: Signal): protobuf.Type {
  root ??= protobuf.Root.fromJSON(otlpDescriptor);
  return root.lookupType(requestTypeNames[signal]);
}

/**
 * Decodes a protobuf body into the proto3-JSON shape: int64 as decimal strings, enums as numbers,
 * bytes as base64 (so ids must be read with `ids: 'base64'`).
 */
export function decodeProtobufRequest(signal: Signal, body: Uint8Array): unknown {
  const type = requestType(signal);
  let message: protobuf.Message;
  try {
    message = type.decode(body);
  } catch (error) {
    // Truncated input, wrong wire types, absurd lengths, or stack exhaustion from deeply nested values.
    throw new DecodeError(`invalid protobuf ${type.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return type.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false, arrays: false });
}

/** `google.rpc.Status { int32 code = 1; string message = 2; }`, hand-encoded: two fields are not worth a schema. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  return protobuf.Writer.create().uint32((1 << 3) | 0).int32(code).uint32((2 << 3) | 2).string(message).finish();
}

/**
 * `Export*ServiceResponse { partial_success = 1 { int64 rejected_* = 1; string error_message = 2; } }`.
 * The vendored schema predates partial_success, so it is written by hand; the field numbers are the same
 * for traces, metrics and logs.
 */
export function encodePartialSuccess(rejected: number, errorMessage: string): Uint8Array {
  const inner = protobuf.Writer.create().uint32((1 << 3) | 0).int64(rejected).uint32((2 << 3) | 2).string(errorMessage).finish();
  return protobuf.Writer.create().uint32((1 << 3) | 2).bytes(inner).finish();
}

/** For tests and tools: encode a request given in the proto3-JSON shape (ids as base64). */
export function encodeProtobufRequest(signal: Signal, json: Record<string, unknown>): Uint8Array {
  const type = requestType(signal);
  return type.encode(type.fromObject(json)).finish();
}
