/** What every CloudWatch Logs operation gets besides its input. */
import { AwsError } from '../aws-port/aws-error.ts';
import type { Input } from './input.ts';
import { validationError } from './input.ts';
import type { LogGroupState, LogStore, LogStreamState } from './log-store.ts';

export interface AcceptedBatch {
  logGroupName: string;
  logStreamName: string;
  /** Only the events that were stored (rejected ones are left out), in order. */
  logEvents: { timestamp: number; message: string }[];
}

export interface LogsContext {
  store: LogStore;
  /** The stand-in's clock, ms. */
  now: number;
  /** From the request's SigV4 credential scope; us-east-1 when unsigned. */
  region: string;
  /** Told about every stored batch (forwarding to the real CloudWatch Logs). */
  onPutLogEvents?: (batch: AcceptedBatch) => void;
}

export type Operation = (input: Input, context: LogsContext) => Record<string, unknown>;

export const groupMissing = (): AwsError => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
export const streamMissing = (): AwsError => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
export const badToken = (): AwsError => new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');

/** `logGroupName`, or `logGroupIdentifier` (a name or an ARN, with or without the trailing `:*`). */
export function groupFromInput(input: Input, context: LogsContext): LogGroupState {
  const name = input['logGroupName'];
  const identifier = input['logGroupIdentifier'];
  if (name !== undefined && name !== null && identifier !== undefined && identifier !== null) {
    throw new AwsError('InvalidParameterException', 'LogGroupName and LogGroupIdentifier are mutually exclusive parameters.');
  }
  const raw = name ?? identifier;
  if (raw === undefined || raw === null) throw validationError(undefined, 'logGroupName', 'Member must not be null');
  if (typeof raw !== 'string') throw new AwsError('SerializationException', "Expected a string for 'logGroupName'");
  const arn = /^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(raw);
  const group = context.store.groups.get(arn?.[1] ?? raw);
  if (group === undefined) throw groupMissing();
  return group;
}

export function streamOf(group: LogGroupState, name: string): LogStreamState {
  const stream = group.streams.get(name);
  if (stream === undefined) throw streamMissing();
  return stream;
}

/** Opaque page tokens for the Describe* calls: an offset, base64url'd so clients do not build them. */
export function encodeOffsetToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeOffsetToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (m === null) throw badToken();
  return Number(m[1]);
}
