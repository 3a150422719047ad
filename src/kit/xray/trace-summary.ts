/** GetTraceSummaries' `TraceSummary` for one trace (botocore xray 2016-04-12 shape; times in seconds). */
import type { AssembledTrace } from './trace-assembly.ts';
import type { TraceFacts } from './trace-facts.ts';
import { accountId } from './sampling-rule.ts';

export interface TraceSummary {
  Id: string;
  Duration?: number;
  ResponseTime?: number;
  HasFault: boolean;
  HasError: boolean;
  HasThrottle: boolean;
  IsPartial: boolean;
  Http: { HttpURL?: string; HttpStatus?: number; HttpMethod?: string; UserAgent?: string; ClientIp?: string };
  Annotations: Record<string, { AnnotationValue: { StringValue?: string; NumberValue?: number; BooleanValue?: boolean }; ServiceIds: ServiceId[] }[]>;
  Users: { UserName: string; ServiceIds: ServiceId[] }[];
  ServiceIds: ServiceId[];
  ResourceARNs: never[];
  InstanceIds: never[];
  AvailabilityZones: never[];
  EntryPoint?: ServiceId;
  FaultRootCauses: never[];
  ErrorRootCauses: never[];
  ResponseTimeRootCauses: never[];
  Revision: number;
  MatchedEventTime: number;
}

export interface ServiceId {
  Name: string;
  Names: string[];
  AccountId?: string;
  Type: string;
}

export function traceSummary(trace: AssembledTrace, facts: TraceFacts): TraceSummary {
  const serviceIds = [...facts.nodes.values()].map((n): ServiceId => (n.inferred ? { Name: n.name, Names: [n.name], Type: n.type } : { Name: n.name, Names: [n.name], AccountId: accountId, Type: n.type }));
  const entry = facts.root === undefined ? undefined : serviceIds.find((s) => s.Name === facts.root?.name);
  const http: TraceSummary['Http'] = {};
  if (facts.http.url !== undefined) http.HttpURL = facts.http.url;
  if (facts.http.status !== undefined) http.HttpStatus = facts.http.status;
  if (facts.http.method !== undefined) http.HttpMethod = facts.http.method;
  if (facts.http.useragent !== undefined) http.UserAgent = facts.http.useragent;
  if (facts.http.clientip !== undefined) http.ClientIp = facts.http.clientip;
  const summary: TraceSummary = {
    Id: trace.traceId,
    HasFault: facts.fault,
    HasError: facts.error,
    HasThrottle: facts.throttle,
    IsPartial: facts.partial,
    Http: http,
    Annotations: Object.fromEntries([...facts.annotations].map(([key, values]) => [key, values.map((v) => ({ AnnotationValue: annotationValue(v), ServiceIds: entry === undefined ? [] : [entry] }))])),
    Users: facts.users.map((UserName) => ({ UserName, ServiceIds: entry === undefined ? [] : [entry] })),
    ServiceIds: serviceIds,
    ResourceARNs: [],
    InstanceIds: [],
    AvailabilityZones: [],
    FaultRootCauses: [],
    ErrorRootCauses: [],
    ResponseTimeRootCauses: [],
    Revision: 1,
    MatchedEventTime: trace.startTime,
  };
  if (facts.duration !== undefined) summary.Duration = facts.duration;
  if (facts.responseTime !== undefined) summary.ResponseTime = facts.responseTime;
  if (entry !== undefined) summary.EntryPoint = entry;
  return summary;
}

function annotationValue(value: string | number | boolean): { StringValue?: string; NumberValue?: number; BooleanValue?: boolean } {
  if (typeof value === 'string') return { StringValue: value };
  if (typeof value === 'number') return { NumberValue: value };
  return { BooleanValue: value };
}
