/**
 * AWS-shaped errors, as the JSON protocols (JSON 1.0/1.1 and REST-JSON) send them: HTTP 4xx/5xx, the code in
 * both the `x-amzn-ErrorType` header and the body's `__type`, plus `message`. The SDK v3 and botocore read either,
 * so `err.name` / the CLI's "An error occurred (<Code>)" show the code.
 */
import { randomUUID } from 'node:crypto';
import type { RouteReply } from '../http-route.ts';

/** Thrown by a stand-in's operation; the handler turns it into the reply. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
  }
}

export function awsErrorReply(code: string, message: string, status = 400, contentType = 'application/x-amz-json-1.1'): RouteReply {
  return {
    status,
    headers: { 'Content-Type': contentType, 'x-amzn-ErrorType': code, 'x-amzn-RequestId': randomUUID() },
    body: JSON.stringify({ __type: code, message }),
  };
}
