/** The shapes the local cloud's /workshop/xray/* routes answer with (declared here: browser code never imports the kit). */

export interface XrayNode {
  name: string;
  id: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  namespace?: string;
  origin?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  http?: { request?: { method?: string; url?: string; user_agent?: string; client_ip?: string }; response?: { status?: number; content_length?: number } };
  annotations?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  cause?: unknown;
  aws?: Record<string, unknown>;
  sql?: Record<string, unknown>;
  subsegments?: XrayNode[];
  [field: string]: unknown;
}

export interface TraceSummary {
  Id: string;
  Duration?: number;
  ResponseTime?: number;
  HasFault: boolean;
  HasError: boolean;
  HasThrottle: boolean;
  IsPartial: boolean;
  Http: { HttpURL?: string; HttpStatus?: number; HttpMethod?: string };
  Annotations: Record<string, unknown[]>;
  ServiceIds: { Name: string; Type: string }[];
  EntryPoint?: { Name: string };
  MatchedEventTime: number;
}

export interface Statistics {
  OkCount: number;
  ErrorStatistics: { ThrottleCount: number; OtherCount: number; TotalCount: number };
  FaultStatistics: { OtherCount: number; TotalCount: number };
  TotalCount: number;
  TotalResponseTime: number;
}

export interface GraphService {
  ReferenceId: number;
  Name: string;
  Type: string;
  Root?: boolean;
  Edges: { ReferenceId: number; SummaryStatistics: Statistics }[];
  SummaryStatistics?: Statistics;
}

export interface TraceDetail {
  traceId: string;
  summary: TraceSummary;
  segments: XrayNode[];
  orphans: XrayNode[];
  inProgress: boolean;
}

export interface Group {
  GroupName: string;
  GroupARN: string;
  FilterExpression?: string;
}

export interface SamplingRuleRecord {
  SamplingRule: { RuleName?: string; Priority: number; FixedRate: number; ReservoirSize: number; ServiceName: string; ServiceType: string; Host: string; HTTPMethod: string; URLPath: string; ResourceARN: string };
  CreatedAt?: number;
  ModifiedAt?: number;
}
