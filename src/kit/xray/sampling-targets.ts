/**
 * GetSamplingTargets (the daemon's `POST /SamplingTargets`): each SDK reports, every 10 s, how many requests matched
 * each rule; the service answers with the rule's FixedRate and a reservoir quota: the rule's ReservoirSize (traces
 * per second, across ALL instances) split between the instances that reported recently. Here the split is even
 * (remainder to the lowest client ids); AWS weighs by demand, which only matters with several app instances.
 *
 * Timestamps are epoch seconds, as the real service sends them. Note: aws-xray-sdk-core 3.12 converts
 * ReservoirQuotaTTL and LastRuleModification with `new Date(x).getTime() / 1000`, i.e. it reads these numbers as
 * MILLISECONDS, so it treats every quota as already expired (and falls back to borrowing 1 request/s + FixedRate)
 * and never refreshes rules early. That is also what happens against real X-Ray; we keep the real format.
 */
import { invalid } from './aws-error.ts';
import type { SamplingRule } from './sampling-rule.ts';

export const targetIntervalSeconds = 10;
/** An instance counts towards the split while it reported within two intervals. */
const activeWindowSeconds = 2 * targetIntervalSeconds;
const maxClientsPerRule = 1000;

export interface SamplingTargetDocument {
  RuleName: string;
  FixedRate: number;
  ReservoirQuota: number;
  ReservoirQuotaTTL: number;
  Interval: number;
}

export interface SamplingTargetsResult {
  SamplingTargetDocuments: SamplingTargetDocument[];
  LastRuleModification: number;
  UnprocessedStatistics: { RuleName: string; ErrorCode: string; Message: string }[];
}

export interface ReportedStatistics {
  requests: number;
  sampled: number;
  borrowed: number;
  reports: number;
  lastReportAt: number;
}

export interface TargetState {
  /** rule name → client id → when it last reported (epoch s). */
  clients: Map<string, Map<string, number>>;
  reported: Map<string, ReportedStatistics>;
}

interface StatisticsDocument {
  RuleName: string;
  ClientID: string;
  RequestCount: number;
  SampledCount: number;
  BorrowCount: number;
}

export function computeTargets(body: unknown, state: TargetState, ruleNamed: (name: string) => SamplingRule | undefined, now: number, lastModification: number): SamplingTargetsResult {
  const documents = checkBody(body);
  const result: SamplingTargetsResult = { SamplingTargetDocuments: [], LastRuleModification: lastModification, UnprocessedStatistics: [] };
  const seconds = Math.floor(now);
  for (const doc of documents) {
    const rule = ruleNamed(doc.RuleName);
    if (rule === undefined) {
      state.clients.delete(doc.RuleName);
      result.UnprocessedStatistics.push({ RuleName: doc.RuleName, ErrorCode: '400', Message: `Unknown rule ${doc.RuleName}` });
      continue;
    }
    record(state, doc, seconds);
    result.SamplingTargetDocuments.push({
      RuleName: rule.RuleName,
      FixedRate: rule.FixedRate,
      ReservoirQuota: quotaFor(state, rule, doc.ClientID, seconds),
      ReservoirQuotaTTL: seconds + targetIntervalSeconds,
      Interval: targetIntervalSeconds,
    });
  }
  return result;
}

function record(state: TargetState, doc: StatisticsDocument, now: number): void {
  let clients = state.clients.get(doc.RuleName);
  if (clients === undefined) state.clients.set(doc.RuleName, (clients = new Map()));
  for (const [id, seen] of clients) if (now - seen > activeWindowSeconds) clients.delete(id);
  // A flood of made-up client ids must not grow memory without bound.
  if (clients.size >= maxClientsPerRule && !clients.has(doc.ClientID)) clients.delete(clients.keys().next().value as string);
  clients.set(doc.ClientID, now);
  const stats = state.reported.get(doc.RuleName) ?? { requests: 0, sampled: 0, borrowed: 0, reports: 0, lastReportAt: 0 };
  stats.requests += doc.RequestCount;
  stats.sampled += doc.SampledCount;
  stats.borrowed += doc.BorrowCount;
  stats.reports += 1;
  stats.lastReportAt = now;
  state.reported.set(doc.RuleName, stats);
}

function quotaFor(state: TargetState, rule: SamplingRule, clientId: string, now: number): number {
  const active = [...(state.clients.get(rule.RuleName) ?? new Map<string, number>())].filter(([, seen]) => now - seen <= activeWindowSeconds).map(([id]) => id).sort();
  const count = Math.max(active.length, 1);
  const index = Math.max(active.indexOf(clientId), 0);
  return Math.floor(rule.ReservoirSize / count) + (index < rule.ReservoirSize % count ? 1 : 0);
}

function checkBody(body: unknown): StatisticsDocument[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('The request body must be a JSON object');
  const list = (body as Record<string, unknown>)['SamplingStatisticsDocuments'];
  if (!Array.isArray(list)) throw invalid('SamplingStatisticsDocuments is required (a list)');
  if (list.length > 25) throw invalid('SamplingStatisticsDocuments holds at most 25 documents');
  return list.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw invalid(`SamplingStatisticsDocuments[${i}] must be an object`);
    const doc = item as Record<string, unknown>;
    if (typeof doc['RuleName'] !== 'string' || doc['RuleName'] === '' || doc['RuleName'].length > 32) throw invalid(`SamplingStatisticsDocuments[${i}].RuleName must be a string of 1-32 characters`);
    if (typeof doc['ClientID'] !== 'string' || doc['ClientID'].length !== 24) throw invalid(`SamplingStatisticsDocuments[${i}].ClientID must be 24 characters`);
    if (doc['Timestamp'] === undefined) throw invalid(`SamplingStatisticsDocuments[${i}].Timestamp is required`);
    return {
      RuleName: doc['RuleName'],
      ClientID: doc['ClientID'],
      RequestCount: count(doc, 'RequestCount', i, true),
      SampledCount: count(doc, 'SampledCount', i, true),
      BorrowCount: count(doc, 'BorrowCount', i, false),
    };
  });
}

function count(doc: Record<string, unknown>, field: string, i: number, required: boolean): number {
  const value = doc[field];
  if (value === undefined && !required) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`SamplingStatisticsDocuments[${i}].${field} must be a non-negative integer`);
  return value;
}
