/**
 * The CloudWatch Logs stand-in's wire side: AWS JSON 1.1 on `POST /` with `X-Amz-Target: Logs_20140328.<Op>`
 * (protocols §4.1). SigV4 `Authorization` is accepted without verification (any credentials, any region; the
 * region is read from the credential scope only to stamp ARNs). Errors are HTTP 400 with `{"__type","message"}`
 * and `x-amzn-ErrorType`, which the SDK v3 surfaces as `err.name` and the CLI as "An error occurred (<Code>)".
 */
import { randomUUID } from 'node:crypto';
import type { RouteHandler, RouteReply } from '../http-route.ts';
import { AwsError, awsErrorReply } from '../aws-port/aws-error.ts';
import type { AcceptedBatch, LogsContext, Operation } from './context.ts';
import { createLogGroup, deleteLogGroup, deleteRetentionPolicy, describeLogGroups, putRetentionPolicy } from './group-ops.ts';
import type { Input } from './input.ts';
import type { LogStore } from './log-store.ts';
import { putLogEvents } from './put-log-events.ts';
import { filterLogEvents, getLogEvents } from './read-ops.ts';
import { createLogStream, deleteLogStream, describeLogStreams } from './stream-ops.ts';

export const targetPrefix = 'Logs_20140328.';
const jsonType = 'application/x-amz-json-1.1';

const operations: Record<string, Operation> = {
  CreateLogGroup: createLogGroup,
  CreateLogStream: createLogStream,
  DeleteLogGroup: deleteLogGroup,
  DeleteLogStream: deleteLogStream,
  DeleteRetentionPolicy: deleteRetentionPolicy,
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  FilterLogEvents: filterLogEvents,
  GetLogEvents: getLogEvents,
  PutLogEvents: putLogEvents,
  PutRetentionPolicy: putRetentionPolicy,
};

export const supportedOperations = Object.keys(operations);

export interface LogsApiStats {
  calls: Record<string, number>;
  /** Calls answered with an AWS error. */
  errors: number;
}

export interface LogsApiOptions {
  store: LogStore;
  now?: () => number;
  onPutLogEvents?: (batch: AcceptedBatch) => void;
}

export function createLogsApi(options: LogsApiOptions): { handler: RouteHandler; stats: LogsApiStats } {
  const now = options.now ?? Date.now;
  const stats: LogsApiStats = { calls: {}, errors: 0 };
  const handler: RouteHandler = async (request) => {
    const target = headerValue(request.headers['x-amz-target']);
    if (request.path !== '/' || target === undefined || !target.startsWith(targetPrefix)) return undefined;
    const fail = (code: string, message: string): RouteReply => {
      stats.errors += 1;
      return awsErrorReply(code, message);
    };
    if (request.method !== 'POST') return fail('InvalidAction', `${request.method} is not supported: the AWS JSON protocol uses POST /`);
    const name = target.slice(targetPrefix.length);
    const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (operation === undefined) return fail('UnknownOperationException', `Unknown operation ${target}. The workshop stand-in supports: ${supportedOperations.join(', ')}`);
    const media = (headerValue(request.headers['content-type']) ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    // The SDKs and the CLI send x-amz-json-1.1; plain JSON is accepted for hand-written curl calls.
    if (media !== jsonType && media !== 'application/x-amz-json-1.0' && media !== 'application/json') {
      return fail('SerializationException', `Unsupported Content-Type "${media}": send ${jsonType}`);
    }
    let input: Input;
    try {
      const parsed: unknown = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('SerializationException', 'The request body must be a JSON object');
      input = parsed as Input;
    } catch {
      return fail('SerializationException', 'The request body is not valid JSON');
    }
    stats.calls[name] = (stats.calls[name] ?? 0) + 1;
    const context: LogsContext = { store: options.store, now: now(), region: regionOf(request.headers['authorization']) };
    if (options.onPutLogEvents !== undefined) context.onPutLogEvents = options.onPutLogEvents;
    try {
      const output = operation(input, context);
      return { status: 200, headers: { 'Content-Type': jsonType, 'x-amzn-RequestId': randomUUID() }, body: JSON.stringify(output) };
    } catch (error) {
      if (error instanceof AwsError) {
        stats.errors += 1;
        return awsErrorReply(error.code, error.message, error.status);
      }
      throw error;
    }
  };
  return { handler, stats };
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20260101/ca-central-1/logs/aws4_request, ...` → `ca-central-1`. */
function regionOf(authorization: string | string[] | undefined): string {
  const m = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]{1,32})\//.exec(headerValue(authorization) ?? '');
  return m?.[1] ?? 'us-east-1';
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
