/** CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy. */
import { AwsError } from '../aws-port/aws-error.ts';
import { decodeOffsetToken, encodeOffsetToken, groupMissing, type Operation } from './context.ts';
import { logGroupNameRule, optionalInteger, optionalString, requiredString, validationError } from './input.ts';
import type { LogGroupState } from './log-store.ts';

/** The values PutRetentionPolicy accepts (API model enum). */
export const retentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const groupClasses = ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'];

export const createLogGroup: Operation = (input, { store, now, region }) => {
  const name = requiredString(input, 'logGroupName', logGroupNameRule);
  const logGroupClass = optionalString(input, 'logGroupClass') ?? 'STANDARD';
  if (!groupClasses.includes(logGroupClass)) throw validationError(logGroupClass, 'logGroupClass', `Member must satisfy enum value set: [${groupClasses.join(', ')}]`);
  if (store.groups.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
  if (store.groups.size >= store.maxGroups) throw new AwsError('LimitExceededException', 'Resource limit exceeded.');
  store.createGroup(name, region, now, logGroupClass);
  return {};
};

export const deleteLogGroup: Operation = (input, { store }) => {
  const name = requiredString(input, 'logGroupName', logGroupNameRule);
  if (!store.groups.has(name)) throw groupMissing();
  store.deleteGroup(name);
  return {};
};

export const describeLogGroups: Operation = (input, { store }) => {
  const prefix = optionalString(input, 'logGroupNamePrefix', logGroupNameRule);
  const pattern = optionalString(input, 'logGroupNamePattern', { max: 512 });
  if (prefix !== undefined && pattern !== undefined) {
    throw new AwsError('InvalidParameterException', 'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.');
  }
  const limit = optionalInteger(input, 'limit', { min: 1, max: 50 }) ?? 50;
  const offset = decodeOffsetToken(optionalString(input, 'nextToken', { min: 1 }));
  const matching = [...store.groups.values()]
    // logGroupNamePattern is a case-sensitive substring search.
    .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (pattern === undefined || g.name.includes(pattern)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = matching.slice(offset, offset + limit);
  const out: Record<string, unknown> = { logGroups: page.map(describeGroup) };
  if (offset + limit < matching.length) out['nextToken'] = encodeOffsetToken(offset + limit);
  return out;
};

function describeGroup(group: LogGroupState): Record<string, unknown> {
  let storedBytes = 0;
  for (const stream of group.streams.values()) storedBytes += stream.storedBytes;
  const out: Record<string, unknown> = {
    logGroupName: group.name,
    creationTime: group.creationTime,
    metricFilterCount: 0,
    arn: `${group.arn}:*`,
    storedBytes,
    logGroupClass: group.logGroupClass,
    logGroupArn: group.arn,
  };
  // AWS leaves retentionInDays out when events never expire.
  if (group.retentionInDays !== undefined) out['retentionInDays'] = group.retentionInDays;
  return out;
}

export const putRetentionPolicy: Operation = (input, { store }) => {
  const name = requiredString(input, 'logGroupName', logGroupNameRule);
  const days = optionalInteger(input, 'retentionInDays');
  if (days === undefined) throw validationError(undefined, 'retentionInDays', 'Member must not be null');
  if (!retentionDays.includes(days)) throw validationError(days, 'retentionInDays', `Member must satisfy enum value set: [${retentionDays.join(', ')}]`);
  const group = store.groups.get(name);
  if (group === undefined) throw groupMissing();
  group.retentionInDays = days;
  return {};
};

export const deleteRetentionPolicy: Operation = (input, { store }) => {
  const name = requiredString(input, 'logGroupName', logGroupNameRule);
  const group = store.groups.get(name);
  if (group === undefined) throw groupMissing();
  delete group.retentionInDays;
  return {};
};
