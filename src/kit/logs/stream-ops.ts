/** CreateLogStream, DeleteLogStream, DescribeLogStreams. */
import { AwsError } from '../aws-port/aws-error.ts';
import { decodeOffsetToken, encodeOffsetToken, groupFromInput, groupMissing, streamMissing, type Operation } from './context.ts';
import { logGroupNameRule, logStreamNameRule, optionalBoolean, optionalInteger, optionalString, requiredString, validationError } from './input.ts';
import type { LogStreamState } from './log-store.ts';

export const createLogStream: Operation = (input, { store, now }) => {
  const groupName = requiredString(input, 'logGroupName', logGroupNameRule);
  const name = requiredString(input, 'logStreamName', logStreamNameRule);
  const group = store.groups.get(groupName);
  if (group === undefined) throw groupMissing();
  // AWS words this for streams; moto reuses the log-group text here.
  if (group.streams.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
  if (store.streamCount >= store.maxStreams) throw new AwsError('LimitExceededException', 'Resource limit exceeded.');
  store.createStream(group, name, now);
  return {};
};

export const deleteLogStream: Operation = (input, { store }) => {
  const groupName = requiredString(input, 'logGroupName', logGroupNameRule);
  const name = requiredString(input, 'logStreamName', logStreamNameRule);
  const group = store.groups.get(groupName);
  if (group === undefined) throw groupMissing();
  if (!group.streams.has(name)) throw streamMissing();
  store.deleteStream(group, name);
  return {};
};

const orders = ['LogStreamName', 'LastEventTime'];

export const describeLogStreams: Operation = (input, context) => {
  const prefix = optionalString(input, 'logStreamNamePrefix', logStreamNameRule);
  const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
  if (!orders.includes(orderBy)) throw validationError(orderBy, 'orderBy', `Member must satisfy enum value set: [${orders.join(', ')}]`);
  const descending = optionalBoolean(input, 'descending') ?? false;
  const limit = optionalInteger(input, 'limit', { min: 1, max: 50 }) ?? 50;
  const token = optionalString(input, 'nextToken', { min: 1 });
  if (orderBy === 'LastEventTime' && prefix !== undefined) throw new AwsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  const group = groupFromInput(input, context);
  const offset = decodeOffsetToken(token);
  const matching = [...group.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
  matching.sort(orderBy === 'LogStreamName' ? byName : (a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || byName(a, b));
  if (descending) matching.reverse();
  const page = matching.slice(offset, offset + limit);
  const out: Record<string, unknown> = { logStreams: page.map(describeStream) };
  if (offset + limit < matching.length) out['nextToken'] = encodeOffsetToken(offset + limit);
  return out;
};

function byName(a: LogStreamState, b: LogStreamState): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function describeStream(stream: LogStreamState): Record<string, unknown> {
  const out: Record<string, unknown> = { logStreamName: stream.name, creationTime: stream.creationTime, arn: stream.arn, storedBytes: stream.storedBytes };
  // Event fields appear only once the stream has events (as in AWS and moto).
  if (stream.eventCount > 0) {
    out['firstEventTimestamp'] = stream.firstEventTimestamp;
    out['lastEventTimestamp'] = stream.lastEventTimestamp;
    out['lastIngestionTime'] = stream.lastIngestionTime;
    out['uploadSequenceToken'] = sequenceToken(stream.sequence);
  }
  return out;
}

/** moto's 56-digit zero-padded counter. */
export function sequenceToken(n: number): string {
  return String(n).padStart(56, '0');
}
