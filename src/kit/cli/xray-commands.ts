/**
 * `cruddur-aws xray ...`: the X-Ray commands the bootcamp and the workshop use, with the AWS CLI's flag names
 * (botocore xray 2016-04-12; REST-JSON, one path per operation).
 */
import type { CommandSpec, ServiceGroup } from './command.ts';

const groupRef = { '--group-name': { member: 'GroupName', type: 'string' }, '--group-arn': { member: 'GroupARN', type: 'string' } } as const;
const timeRange = { '--start-time': { member: 'StartTime', type: 'timestamp' }, '--end-time': { member: 'EndTime', type: 'timestamp' } } as const;

const commands: Record<string, CommandSpec> = {
  'create-group': {
    operation: 'CreateGroup',
    path: '/CreateGroup',
    summary: '--group-name NAME [--filter-expression EXPR]',
    flags: { '--group-name': groupRef['--group-name'], '--filter-expression': { member: 'FilterExpression', type: 'string' }, '--insights-configuration': { member: 'InsightsConfiguration', type: 'json' }, '--tags': { member: 'Tags', type: 'json' } },
    required: ['GroupName'],
  },
  'get-group': { operation: 'GetGroup', path: '/GetGroup', summary: '--group-name NAME | --group-arn ARN', flags: { ...groupRef } },
  'get-groups': { operation: 'GetGroups', path: '/Groups', summary: '', flags: {}, paginate: 'Groups' },
  'update-group': {
    operation: 'UpdateGroup',
    path: '/UpdateGroup',
    summary: '--group-name NAME [--filter-expression EXPR]',
    flags: { ...groupRef, '--filter-expression': { member: 'FilterExpression', type: 'string' }, '--insights-configuration': { member: 'InsightsConfiguration', type: 'json' } },
  },
  'delete-group': { operation: 'DeleteGroup', path: '/DeleteGroup', summary: '--group-name NAME | --group-arn ARN', flags: { ...groupRef } },
  'create-sampling-rule': {
    operation: 'CreateSamplingRule',
    path: '/CreateSamplingRule',
    summary: '--sampling-rule JSON | --cli-input-json file://aws/json/xray.json',
    flags: { '--sampling-rule': { member: 'SamplingRule', type: 'json' }, '--tags': { member: 'Tags', type: 'json' } },
    required: ['SamplingRule'],
  },
  'get-sampling-rules': { operation: 'GetSamplingRules', path: '/GetSamplingRules', summary: '', flags: {}, paginate: 'SamplingRuleRecords' },
  'update-sampling-rule': {
    operation: 'UpdateSamplingRule',
    path: '/UpdateSamplingRule',
    summary: '--sampling-rule-update JSON',
    flags: { '--sampling-rule-update': { member: 'SamplingRuleUpdate', type: 'json' } },
    required: ['SamplingRuleUpdate'],
  },
  'delete-sampling-rule': {
    operation: 'DeleteSamplingRule',
    path: '/DeleteSamplingRule',
    summary: '--rule-name NAME | --rule-arn ARN',
    flags: { '--rule-name': { member: 'RuleName', type: 'string' }, '--rule-arn': { member: 'RuleARN', type: 'string' } },
  },
  'get-service-graph': {
    operation: 'GetServiceGraph',
    path: '/ServiceGraph',
    summary: '--start-time T --end-time T [--group-name NAME]',
    flags: { ...timeRange, ...groupRef },
    required: ['StartTime', 'EndTime'],
    paginate: 'Services',
  },
  'get-trace-summaries': {
    operation: 'GetTraceSummaries',
    path: '/TraceSummaries',
    summary: '--start-time T --end-time T [--filter-expression EXPR]',
    flags: { ...timeRange, '--filter-expression': { member: 'FilterExpression', type: 'string' }, '--time-range-type': { member: 'TimeRangeType', type: 'string' }, '--sampling': { member: 'Sampling', type: 'boolean' } },
    required: ['StartTime', 'EndTime'],
    paginate: 'TraceSummaries',
  },
  'batch-get-traces': { operation: 'BatchGetTraces', path: '/Traces', summary: '--trace-ids ID [ID ...]', flags: { '--trace-ids': { member: 'TraceIds', type: 'list' } }, required: ['TraceIds'], paginate: 'Traces' },
  'get-trace-graph': { operation: 'GetTraceGraph', path: '/TraceGraph', summary: '--trace-ids ID [ID ...]', flags: { '--trace-ids': { member: 'TraceIds', type: 'list' } }, required: ['TraceIds'], paginate: 'Services' },
  'put-trace-segments': {
    operation: 'PutTraceSegments',
    path: '/TraceSegments',
    summary: '--trace-segment-documents JSON [JSON ...]',
    flags: { '--trace-segment-documents': { member: 'TraceSegmentDocuments', type: 'list' } },
    required: ['TraceSegmentDocuments'],
  },
};

export const xray: ServiceGroup = {
  name: 'xray',
  endpointEnvSuffix: 'XRAY',
  protocol: { kind: 'rest-json' },
  commands,
  timestampKeys: new Set(['CreatedAt', 'ModifiedAt', 'StartTime', 'EndTime', 'ApproximateTime', 'MatchedEventTime', 'LastRuleModification', 'ReservoirQuotaTTL', 'Timestamp']),
};
