/**
 * The AWS-side telemetry receivers of ONE check run, private and on ephemeral ports, like its OTLP receiver: an
 * X-Ray daemon (UDP segments + the TCP sampling proxy / shim ingest) and an AWS port carrying the X-Ray API,
 * CloudWatch Logs (JSON 1.1) and Rollbar's item API. The app is pointed at them (see `awsAppEnv`), so nothing from
 * the learner's running app or an earlier run can count.
 *
 * Only the ingest and API handlers are mounted: the views' read routes and live feeds are not needed by a run.
 */
import type { LogEvent, RollbarOccurrenceItem, XraySegment } from '../../checks/types.ts';
import { startAwsPort, type AwsPort } from '../aws-port/server.ts';
import { createLogsApi } from '../logs/api.ts';
import { LogStore } from '../logs/log-store.ts';
import { createRollbarApi, rollbarErrorShape } from '../rollbar/api.ts';
import { RollbarStore } from '../rollbar/item-store.ts';
import type { BodyKind } from '../rollbar/validate.ts';
import { createXrayApi, createXrayStores, startXrayDaemon, type XrayDaemon, type XrayStores } from '../xray/index.ts';
import { walkDocument, type SegmentNode } from '../xray/segment-doc.ts';
import type { StoredSegment } from '../xray/segment-store.ts';
import type { StoredRecord } from '../store/bounded-store.ts';
import { RunRecords, type RecordSource } from './run-records.ts';

export interface RunAwsLimits {
  /** More than this many X-Ray documents / log events / Rollbar occurrences is a flood (the check fails). */
  segments: number;
  logEvents: number;
  rollbarItems: number;
}

export const defaultAwsFloodLimits: RunAwsLimits = { segments: 5000, logEvents: 5000, rollbarItems: 1000 };

export interface RunAws {
  readonly awsPort: number;
  readonly daemonPort: number;
  readonly segments: RunRecords<XraySegment>;
  readonly logs: RunRecords<LogEvent>;
  readonly rollbar: RunRecords<RollbarOccurrenceItem>;
  /** The raw stores, for tests and the runner's own evidence. */
  readonly stores: XrayStores & { logStore: LogStore; rollbarStore: RollbarStore };
  close(): Promise<void>;
}

export async function startRunAws(options: { host?: string; limits?: Partial<RunAwsLimits>; region?: string } = {}): Promise<RunAws> {
  const host = options.host ?? '127.0.0.1';
  const limits = { ...defaultAwsFloodLimits, ...options.limits };
  // Room for the batch that crosses a limit; beyond that the rings evict, so memory stays bounded whatever the app does.
  const xray = createXrayStores({ capacity: limits.segments * 2, ...(options.region === undefined ? {} : { region: options.region }) });
  // A check must never miss a request to sampling: this run's Default rule keeps every request (AWS's own
  // Default keeps 1 a second plus 5 %). The learner's rules live in their session cloud, not here.
  xray.ruleStore.update({ RuleName: 'Default', FixedRate: 1, ReservoirSize: 1000 });
  const logStore = new LogStore({ capacity: limits.logEvents * 2 });
  const rollbarStore = new RollbarStore({ capacity: limits.rollbarItems * 2 });
  const logsApi = createLogsApi({ store: logStore });
  const rollbarApi = createRollbarApi({ store: rollbarStore });

  const aws: AwsPort = await startAwsPort({
    host,
    port: 0,
    routes: [logsApi.handler, rollbarApi.handler, createXrayApi(xray)],
    errorShapes: [rollbarErrorShape],
    corsPrefixes: [],
    logError: (message) => console.error(`check run: ${message}`),
  });
  let daemon: XrayDaemon;
  try {
    daemon = await startXrayDaemon({ ...xray, host, port: 0 });
  } catch (error) {
    await aws.close();
    throw error;
  }

  return {
    awsPort: aws.port,
    daemonPort: daemon.tcpPort,
    segments: new RunRecords(segmentSource(xray), { noun: 'X-Ray segments', floodLimit: limits.segments, label: (s) => s.name }),
    logs: new RunRecords(logSource(logStore), { noun: 'log events', floodLimit: limits.logEvents, label: (e) => `${e.logGroupName}/${e.logStreamName}` }),
    rollbar: new RunRecords(rollbarSource(rollbarStore), { noun: 'Rollbar items', floodLimit: limits.rollbarItems, label: (o) => o.title }),
    stores: { ...xray, logStore, rollbarStore },
    close: async () => {
      await Promise.all([aws.close(), daemon.close()]);
    },
  };
}

/** The variables that point the app's SDKs at this run's receivers (the names src/runtime/learner-env.ts sets). */
export function awsAppEnv(run: Pick<RunAws, 'awsPort' | 'daemonPort'>, host = '127.0.0.1'): Record<string, string> {
  const endpoint = `http://${host}:${run.awsPort}`;
  return {
    AWS_XRAY_DAEMON_ADDRESS: `${host}:${run.daemonPort}`,
    AWS_ENDPOINT_URL: endpoint,
    // Service-specific endpoint variables beat AWS_ENDPOINT_URL in the AWS SDKs and CLI: a base env that set one
    // must not lead the app back to the session cloud.
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
    AWS_ENDPOINT_URL_XRAY: endpoint,
    ROLLBAR_ENDPOINT: `${endpoint}/api/1/item/`,
  };
}

/**
 * The store's documents, assembled per trace. Kept incrementally from the store's change feed: only traces that
 * received something since the last read are rebuilt, and only a trace holding lone subsegments needs the
 * (copying) assembly, so a wait that re-reads on every datagram stays cheap even near the flood limit.
 */
function segmentSource(xray: XrayStores): RecordSource<XraySegment> {
  const store = xray.segmentStore;
  /** traceId → document key → its current record (a newer copy of a document replaces the older one). */
  const records = new Map<string, Map<string, StoredRecord<StoredSegment>>>();
  const items = new Map<string, { seq: number; item: XraySegment }[]>();
  const dirty = new Set<string>();
  let ordered: XraySegment[] | undefined = [];
  store.subscribe((added) => {
    for (const record of added) {
      let docs = records.get(record.value.traceId);
      if (docs === undefined) records.set(record.value.traceId, (docs = new Map()));
      docs.set(record.value.key, record);
      dirty.add(record.value.traceId);
    }
    ordered = undefined;
  });
  const rebuild = (traceId: string): { seq: number; item: XraySegment }[] => {
    const docs = [...(records.get(traceId)?.values() ?? [])];
    const trace = docs.some((r) => r.value.kind === 'subsegment') ? store.trace(traceId) : undefined;
    const out: { seq: number; item: XraySegment }[] = [];
    for (const { seq, value } of docs) {
      const document = trace === undefined ? value.document : value.kind === 'segment' ? trace.segments.find((d) => d.id === value.id) : trace.orphans.find((d) => d.id === value.id);
      // A lone subsegment that found its parent is reachable from that parent's `subsegments`.
      if (document === undefined) continue;
      const subsegments: SegmentNode[] = [];
      walkDocument(document, (node, depth) => {
        if (depth > 0) subsegments.push(node);
      });
      const item: XraySegment = { traceId: value.traceId, id: value.id, name: value.name, kind: value.kind, inProgress: value.inProgress, receivedAt: value.receivedAt, document, subsegments };
      if (value.parentId !== undefined) item.parentId = value.parentId;
      out.push({ seq, item });
    }
    return out;
  };
  return {
    received: () => store.lastSeq,
    subscribe: (listener) => store.subscribe(() => listener()),
    read: () => {
      if (ordered !== undefined) return ordered;
      // Sequence numbers are contiguous, so anything older than this was evicted from the ring.
      const oldestKept = store.lastSeq - store.size + 1;
      for (const [traceId, docs] of records) {
        for (const [key, record] of docs) {
          if (record.seq >= oldestKept) continue;
          docs.delete(key);
          dirty.add(traceId);
        }
        if (docs.size === 0) records.delete(traceId);
      }
      for (const traceId of dirty) {
        if (records.has(traceId)) items.set(traceId, rebuild(traceId));
        else items.delete(traceId);
      }
      dirty.clear();
      ordered = [...items.values()].flat().sort((a, b) => a.seq - b.seq).map((entry) => entry.item);
      return ordered;
    },
  };
}

function logSource(store: LogStore): RecordSource<LogEvent> {
  return {
    received: () => store.events.lastSeq,
    subscribe: (listener) => store.events.subscribe(() => listener()),
    read: () =>
      store.events.values().map((e) => ({ logGroupName: e.group, logStreamName: e.stream, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
  };
}

function rollbarSource(store: RollbarStore): RecordSource<RollbarOccurrenceItem> {
  // Payloads are kept as JSON text; parse each once.
  const parsed = new WeakMap<object, Record<string, unknown>>();
  return {
    received: () => store.occurrences.lastSeq,
    subscribe: (listener) => store.occurrences.subscribe(() => listener()),
    read: () =>
      store.occurrences.values().map((o) => {
        let data = parsed.get(o);
        if (data === undefined) parsed.set(o, (data = JSON.parse(o.dataJson) as Record<string, unknown>));
        return { uuid: o.uuid, itemId: o.itemId, level: o.level, environment: o.environment, title: o.title, kind: o.kind satisfies BodyKind, receivedAt: o.receivedAt, data };
      }),
  };
}
