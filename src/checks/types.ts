/**
 * Types of the check-authoring API. A lesson step's `checks.ts` default-exports `defineChecks({ app, checks })`;
 * the check runner (src/kit/run-checks.ts) starts the app fresh, gives every check a `CheckContext`, and prints
 * one result line per check (see `results.ts`).
 */
import type { AttrValue, SpanKindName, StatusCodeName, StoredSpan } from '../kit/otlp/span-model.ts';
import type { SegmentDocument, SegmentNode } from '../kit/xray/segment-doc.ts';
import type { SamplingRule, SamplingRuleRecord } from '../kit/xray/sampling-rule.ts';
import type { Group as XrayGroup } from '../kit/xray/group-store.ts';

export type { AttrValue, SpanKindName, StatusCodeName, StoredSpan, SegmentDocument, SegmentNode, SamplingRule, SamplingRuleRecord, XrayGroup };

/** How to start the learner's app. The runner adds PORT and its own OTLP, X-Ray daemon, AWS and Rollbar endpoints to the environment. */
export interface AppSpec {
  /** Relative to the sandbox root (the runner's working directory), e.g. "backend". */
  cwd: string;
  command: string;
  args?: string[];
  env?: Record<string, string>;
  /** How long the app may take to accept connections on PORT (default 10 000 ms). */
  readyTimeoutMs?: number;
}

/** Hint text per failure reason; an array is read by attempt (1st attempt → [0], later ones → further, last repeats). */
export type Hints = Record<string, string | readonly string[]>;

export interface StepChecks {
  app: AppSpec;
  checks: readonly CheckDefinition[];
  /** Hints for reasons any check can hit (the runner's: app-crashed, request-timeout, ...); a check's own win. */
  hints?: Hints;
}

export interface CheckDefinition {
  /** Stable, kebab-case; results and hints are keyed by it. */
  id: string;
  title: string;
  /** Reported like any check, but not counted in `failed`. */
  optional?: boolean;
  /** Ids of earlier checks that must pass first; otherwise this one is reported as `waiting` without running. */
  needs?: readonly string[];
  /** Deadline for `run` (default 5 000 ms). Waits inside it should use less. */
  timeoutMs?: number;
  hints?: Hints;
  /**
   * The one place a check may read the learner's source: after a learner failure, to choose a more specific
   * hint. Returns a key of `hints` (or undefined for the reason's own hint). Never able to turn a failure into a pass.
   */
  pickHint?(failure: Failure, source: SourceReader): Promise<string | undefined> | string | undefined;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export interface SourceReader {
  /** A file of the sandbox, relative to its root ("backend/tracing.js"); undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
}

export type FailureKind = 'learner' | 'environment' | 'checker' | 'timeout';

export interface Failure {
  kind: FailureKind;
  /** Key into hints, e.g. "span-name-typo". */
  reason: string;
  /** One or two sentences for the learner, saying what was expected and what happened. */
  message: string;
}

export type CheckOutcome =
  | { status: 'passed'; message?: string; evidence?: Evidence }
  | { status: 'failed'; failure: Failure; evidence?: Evidence };

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
  durationMs: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Default 2 000 ms; a hanging handler becomes a `request-timeout` learner failure. */
  timeoutMs?: number;
}

export interface CheckContext {
  /** 1 for the first run of this step's checks, then counts learner-failed attempts. */
  readonly attempt: number;
  /** Aborted when the check's deadline passes. */
  readonly signal: AbortSignal;
  /** Milliseconds left before this check's deadline. */
  remainingMs(): number;
  /** Sends a request to the fresh app instance. `body` is sent as JSON unless it is a string. */
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<AppResponse>;
  /** Like `request`, but made once per run and shared by every check that asks for the same thing. */
  requestOnce(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<AppResponse>;
  readonly spans: SpanAccess;
  /** X-Ray segment documents this run's private X-Ray daemon received (UDP, or HTTP through the no-UDP shim). */
  readonly segments: RecordAccess<XraySegment>;
  /** CloudWatch Logs events this run's private AWS port received (PutLogEvents, JSON 1.1). */
  readonly logs: RecordAccess<LogEvent>;
  /** Rollbar occurrences this run's private AWS port received on `POST /api/1/item/`. */
  readonly rollbar: RecordAccess<RollbarOccurrenceItem>;
  /**
   * Read-only look at the learner's OWN running session cloud (not this run's private one): what they created
   * with the `aws` CLI. Unreachable → the check fails with kind `environment`, never as the learner's fault.
   */
  readonly sessionCloud: SessionCloudAccess;
  readonly app: AppInfo;
}

/**
 * One kind of telemetry received during this run (never anything from earlier runs or the learner's own app).
 * The flood guard and the app-exited rule apply as for spans: past the run's limit every access throws a
 * `telemetry-flood` failure; a wait on an app that has exited ends early with `app-exited`.
 */
export interface RecordAccess<T> {
  /** Everything received so far, oldest first. */
  all(): T[];
  /** Those matching now, oldest first. */
  find(predicate: (item: T) => boolean): T[];
  /**
   * Resolves with the first item that matches, as soon as it arrives; at the deadline with how many items were
   * seen. Default timeout: what is left of the check's deadline, less a little to report.
   */
  waitFor(predicate: (item: T) => boolean, options?: { timeoutMs?: number }): Promise<RecordWaitResult<T>>;
}

export type RecordWaitResult<T> = { found: true; item: T; waitedMs: number } | { found: false; seen: number; waitedMs: number };

/**
 * A top-level X-Ray document as received, with subsegments the SDK streamed on their own attached under their
 * parents (as X-Ray's BatchGetTraces shows them). The current version only: a completed document replaces its
 * `in_progress` copy.
 */
export interface XraySegment {
  traceId: string;
  id: string;
  /** The segment's name is its service name in X-Ray ("backend-flask"). */
  name: string;
  /** "subsegment" only for a subsegment sent on its own whose parent never arrived. */
  kind: 'segment' | 'subsegment';
  parentId?: string;
  inProgress: boolean;
  /** ms since the epoch, the receiver's clock. */
  receivedAt: number;
  /** The document, subsegments nested (`document.http.request.method`, `document.subsegments[0].metadata`, ...). */
  document: SegmentDocument;
  /** Every subsegment below it at any depth, parents before children. */
  subsegments: SegmentNode[];
}

/** A CloudWatch Logs event as PutLogEvents stored it. */
export interface LogEvent {
  logGroupName: string;
  logStreamName: string;
  /** When it happened, ms since the epoch (the client's clock). */
  timestamp: number;
  message: string;
  /** When the stand-in stored it, ms since the epoch. */
  ingestionTime: number;
}

/** One Rollbar occurrence as the stand-in keeps it (the access token scrubbed out). */
export interface RollbarOccurrenceItem {
  uuid: string;
  /** The item (group of like occurrences) it was counted under. */
  itemId: number;
  level: string;
  environment: string;
  /** Rollbar's title: the exception's class and message, or the message text. */
  title: string;
  /** Which body it carries. */
  kind: 'trace' | 'trace_chain' | 'message' | 'crash_report';
  receivedAt: number;
  /** The payload's `data` as sent: `data.body.trace.exception`, `data.body.message.body`, `data.request.url`, ... */
  data: Record<string, unknown>;
}

export interface SessionCloudAccess {
  /** The session cloud's AWS endpoint (the runner's AWS_ENDPOINT_URL), or undefined when it has none. */
  readonly endpoint: string | undefined;
  /** `POST /GetSamplingRules` on the session cloud: every rule record, the Default rule included. */
  xraySamplingRules(): Promise<SamplingRuleRecord[]>;
  /** `POST /Groups` on the session cloud: every group, the Default group included. */
  xrayGroups(): Promise<XrayGroup[]>;
}

export interface AppInfo {
  readonly port: number;
  /** The environment the app was started with (to tell an environment problem from a learner one). */
  readonly env: Readonly<Record<string, string>>;
  /** The tail of the app's stdout+stderr so far. */
  output(): string;
  /** Exit code once the app has exited, else undefined. */
  exitCode(): number | undefined;
}

export interface SpanAccess {
  /** Every span this run's receiver got (never spans of earlier runs or of the learner's own app), oldest first. */
  all(): StoredSpan[];
  /** Spans matching now, oldest first. */
  find(matcher: SpanMatcher): StoredSpan[];
  /**
   * Resolves with the first span that matches, as soon as it arrives; at the deadline, with the nearest span and
   * how it differs. Default timeout: what is left of the check's deadline, less a little to report.
   */
  waitFor(matcher: SpanMatcher, options?: { timeoutMs?: number }): Promise<SpanWaitResult>;
}

export type SpanWaitResult =
  | { found: true; span: StoredSpan; waitedMs: number }
  | { found: false; nearest?: StoredSpan; diffs: SpanDiff[]; seen: number; waitedMs: number };

export type DiffProblem = 'missing' | 'different' | 'typo' | 'wrong-type';

/** One way a span differs from what a matcher wanted. */
export interface SpanDiff {
  /** "name", "service", "scope", "scope.version", "kind", "status", "attributes.<key>", "parent", "ancestor", "child", "where". */
  field: string;
  problem: DiffProblem;
  /** What was wanted, in words ("\"home-activities-mock-data\"", "an ISO 8601 timestamp string"). */
  expected: string;
  /** What was there (absent when missing). */
  actual?: AttrValue;
  /** Extra detail, e.g. `found key "app.result-length"`. */
  note?: string;
}

export interface SpanIndex {
  /** A span of the same trace by id. */
  get(traceId: string, spanId: string): StoredSpan | undefined;
  children(traceId: string, spanId: string): StoredSpan[];
}

export interface SpanMatchResult {
  matched: boolean;
  diffs: SpanDiff[];
  /** 0 for a match; bigger is further away. Used to pick the nearest span. */
  cost: number;
}

export interface SpanMatcher {
  readonly type: 'span-matcher';
  readonly description: string;
  match(span: StoredSpan, index: SpanIndex): SpanMatchResult;
}

export type ValueVerdict = { ok: true } | { ok: false; problem: DiffProblem };

export interface ValueMatcher {
  readonly type: 'value-matcher';
  readonly description: string;
  test(value: AttrValue | undefined): ValueVerdict;
}

/** A span cut down to what a learner needs to see. */
export interface SpanSummary {
  name: string;
  service?: string;
  scope: string;
  kind: SpanKindName;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  durationMs: number;
  status: StatusCodeName;
  attributes: Record<string, AttrValue>;
}

export interface Evidence {
  /** Spans this run received, newest first (the runner fills it in; capped). */
  observed?: SpanSummary[];
  matched?: SpanSummary;
  nearest?: SpanSummary;
  diff?: SpanDiff[];
  response?: { method: string; path: string; status: number; body: string };
  /** The app's output tail (the runner adds it to failures). */
  appOutput?: string;
  details?: Record<string, unknown>;
}
