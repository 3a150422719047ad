/**
 * GetLogEvents (one stream, paged with moto's `f/<56 digits>` / `b/<56 digits>` index tokens; the newest page
 * unless `startFromHead`) and FilterLogEvents (several streams, interleaved by timestamp, filter patterns).
 * Times: `startTime` inclusive, `endTime` exclusive, as documented.
 */
import { AwsError } from '../aws-port/aws-error.ts';
import { badToken, groupFromInput, streamOf, type Operation } from './context.ts';
import { compileFilterPattern, FilterPatternError, type MessageMatcher } from './filter-pattern.ts';
import { logStreamNameRule, optionalBoolean, optionalInteger, optionalString, optionalStringList, requiredString } from './input.ts';
import type { StoredLogEvent } from './log-store.ts';

const maxLimit = 10_000;

const token = (direction: 'f' | 'b', index: number): string => `${direction}/${String(index).padStart(56, '0')}`;

export const getLogEvents: Operation = (input, context) => {
  const streamName = requiredString(input, 'logStreamName', logStreamNameRule);
  const startTime = optionalInteger(input, 'startTime', { min: 0 });
  const endTime = optionalInteger(input, 'endTime', { min: 0 });
  const limit = optionalInteger(input, 'limit', { min: 1, max: maxLimit }) ?? maxLimit;
  const nextToken = optionalString(input, 'nextToken', { min: 1 });
  const startFromHead = optionalBoolean(input, 'startFromHead') ?? false;
  optionalBoolean(input, 'unmask');
  const group = groupFromInput(input, context);
  const stream = streamOf(group, streamName);

  const events = context.store.eventsOf(new Set([stream.id]), inTimeRange(startTime, endTime));
  const last = events.length - 1;
  let start: number;
  let end: number;
  if (nextToken === undefined) {
    start = startFromHead ? 0 : last - limit + 1;
    end = startFromHead ? limit - 1 : last;
  } else {
    const m = /^([fb])\/(\d{56})$/.exec(nextToken);
    if (m === null) throw badToken();
    const index = Number(m[2]);
    if (m[1] === 'f') {
      start = index + 1;
      end = start + limit - 1;
    } else {
      end = index - 1;
      start = end - limit + 1;
    }
  }
  // Past either end: an empty page whose tokens point at the edge, so a client polling forward sees the same
  // token again and knows it has caught up.
  if (start > last) return { events: [], nextForwardToken: token('f', Math.max(last, 0)), nextBackwardToken: token('b', Math.max(last, 0)) };
  if (end < 0) return { events: [], nextForwardToken: token('f', 0), nextBackwardToken: token('b', 0) };
  start = Math.max(start, 0);
  end = Math.min(end, last);
  return {
    events: events.slice(start, end + 1).map(({ value }) => ({ timestamp: value.timestamp, message: value.message, ingestionTime: value.ingestionTime })),
    nextForwardToken: token('f', end),
    nextBackwardToken: token('b', start),
  };
};

export const filterLogEvents: Operation = (input, context) => {
  const names = optionalStringList(input, 'logStreamNames', { min: 1, max: 100 });
  const prefix = optionalString(input, 'logStreamNamePrefix', logStreamNameRule);
  const startTime = optionalInteger(input, 'startTime', { min: 0 });
  const endTime = optionalInteger(input, 'endTime', { min: 0 });
  const limit = optionalInteger(input, 'limit', { min: 1, max: maxLimit }) ?? maxLimit;
  const nextToken = optionalString(input, 'nextToken', { min: 1 });
  const pattern = optionalString(input, 'filterPattern', { max: 1024 });
  optionalBoolean(input, 'interleaved');
  optionalBoolean(input, 'unmask');
  if (names !== undefined && prefix !== undefined) throw new AwsError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  const group = groupFromInput(input, context);
  let matches: MessageMatcher;
  try {
    matches = compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) throw new AwsError('InvalidParameterException', error.message);
    throw error;
  }
  const streams = [...group.streams.values()].filter((s) => (names === undefined || names.includes(s.name)) && (prefix === undefined || s.name.startsWith(prefix)));
  const offset = nextToken === undefined ? 0 : decodeFilterToken(nextToken);
  const inTime = inTimeRange(startTime, endTime);
  // Always interleaved by timestamp: AWS deprecated the non-interleaved order.
  const events = context.store.eventsOf(new Set(streams.map((s) => s.id)), (e) => inTime(e) && matches(e.message));
  const page = events.slice(offset, offset + limit);
  const out: Record<string, unknown> = {
    events: page.map(({ seq, value }) => ({
      logStreamName: value.stream,
      timestamp: value.timestamp,
      message: value.message,
      ingestionTime: value.ingestionTime,
      eventId: String(seq).padStart(56, '0'),
    })),
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
  };
  if (offset + limit < events.length) out['nextToken'] = Buffer.from(`filter:${offset + limit}`).toString('base64url');
  return out;
};

function decodeFilterToken(value: string): number {
  const m = /^filter:(\d{1,9})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (m === null) throw badToken();
  return Number(m[1]);
}

function inTimeRange(startTime: number | undefined, endTime: number | undefined): (e: StoredLogEvent) => boolean {
  return (e) => (startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp < endTime);
}
