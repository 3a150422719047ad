/**
 * PutLogEvents with the service's batch rules (protocols §4.3):
 * - at most 10,000 events and 1,048,576 bytes (UTF-8 message bytes + 26 per event), else the call fails;
 * - events in chronological order, else the call fails;
 * - events more than 2 h in the future, older than 14 days, or older than the group's retention are rejected
 *   one by one and reported in `rejectedLogEventsInfo`, while the rest are stored;
 * - `sequenceToken` is ignored (AWS: "always accepted"); `nextSequenceToken` is still returned.
 */
import { AwsError } from '../aws-port/aws-error.ts';
import { groupMissing, streamMissing, type Operation } from './context.ts';
import { logGroupNameRule, logStreamNameRule, requiredString, validationError } from './input.ts';
import { sequenceToken } from './stream-ops.ts';

export const maxBatchBytes = 1_048_576;
export const perEventOverheadBytes = 26;
export const maxBatchEvents = 10_000;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
export const tooNewMs = 2 * hourMs;
export const tooOldMs = 14 * dayMs;

export const putLogEvents: Operation = (input, context) => {
  const groupName = requiredString(input, 'logGroupName', logGroupNameRule);
  const streamName = requiredString(input, 'logStreamName', logStreamNameRule);
  const events = readEvents(input['logEvents']);
  let bytes = 0;
  for (const e of events) bytes += Buffer.byteLength(e.message, 'utf8') + perEventOverheadBytes;
  if (bytes > maxBatchBytes) throw new AwsError('InvalidParameterException', `Upload too large: ${bytes} bytes exceeds limit of ${maxBatchBytes}`);
  for (let i = 1; i < events.length; i++) {
    if ((events[i]?.timestamp ?? 0) < (events[i - 1]?.timestamp ?? 0)) {
      throw new AwsError('InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.');
    }
  }
  const group = context.store.groups.get(groupName);
  if (group === undefined) throw groupMissing();
  const stream = group.streams.get(streamName);
  if (stream === undefined) throw streamMissing();

  const { now } = context;
  const tooOldBefore = now - tooOldMs;
  const expiredBefore = group.retentionInDays === undefined ? undefined : now - group.retentionInDays * dayMs;
  const tooNewAfter = now + tooNewMs;
  let tooOldEnd = -1;
  let expiredEnd = -1;
  let tooNewStart = -1;
  const accepted: { timestamp: number; message: string }[] = [];
  events.forEach((e, i) => {
    // Events are in order, so the too-old ones form a prefix and the too-new ones a suffix.
    if (e.timestamp < tooOldBefore) tooOldEnd = i;
    else if (expiredBefore !== undefined && e.timestamp < expiredBefore) expiredEnd = i;
    else if (e.timestamp > tooNewAfter) {
      if (tooNewStart < 0) tooNewStart = i;
    } else accepted.push(e);
  });
  context.store.append(group, stream, accepted, now);
  if (accepted.length > 0) context.onPutLogEvents?.({ logGroupName: group.name, logStreamName: stream.name, logEvents: accepted });

  const out: Record<string, unknown> = { nextSequenceToken: sequenceToken(stream.sequence) };
  if (tooOldEnd >= 0 || expiredEnd >= 0 || tooNewStart >= 0) {
    const info: Record<string, number> = {};
    if (tooNewStart >= 0) info['tooNewLogEventStartIndex'] = tooNewStart;
    if (tooOldEnd >= 0) info['tooOldLogEventEndIndex'] = tooOldEnd;
    if (expiredEnd >= 0) info['expiredLogEventEndIndex'] = expiredEnd;
    out['rejectedLogEventsInfo'] = info;
  }
  return out;
};

function readEvents(value: unknown): { timestamp: number; message: string }[] {
  if (value === undefined || value === null) throw validationError(undefined, 'logEvents', 'Member must not be null');
  if (!Array.isArray(value)) throw new AwsError('SerializationException', "Expected a list for 'logEvents'");
  if (value.length < 1) throw validationError('[]', 'logEvents', 'Member must have length greater than or equal to 1');
  if (value.length > maxBatchEvents) throw validationError(`[${value.length} events]`, 'logEvents', `Member must have length less than or equal to ${maxBatchEvents}`);
  return value.map((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AwsError('SerializationException', `Expected a structure for 'logEvents.${i + 1}'`);
    const event = raw as Record<string, unknown>;
    const { timestamp, message } = event;
    if (timestamp === undefined || timestamp === null) throw validationError(undefined, `logEvents.${i + 1}.member.timestamp`, 'Member must not be null');
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) throw new AwsError('SerializationException', `Expected an integer for 'logEvents.${i + 1}.timestamp'`);
    if (timestamp < 0) throw validationError(timestamp, `logEvents.${i + 1}.member.timestamp`, 'Member must have value greater than or equal to 0');
    if (message === undefined || message === null) throw validationError(undefined, `logEvents.${i + 1}.member.message`, 'Member must not be null');
    if (typeof message !== 'string') throw new AwsError('SerializationException', `Expected a string for 'logEvents.${i + 1}.message'`);
    if (message.length < 1) throw validationError(message, `logEvents.${i + 1}.member.message`, 'Member must have length greater than or equal to 1');
    return { timestamp, message };
  });
}
