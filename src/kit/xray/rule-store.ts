/**
 * The sampling rules the X-Ray API manages and the daemon's sampling proxy hands to SDKs: one store shared by both,
 * so a rule created with `aws xray create-sampling-rule` is what the app's SDK fetches next. Also answers
 * SamplingTargets (see sampling-targets.ts) and keeps what SDKs reported, for the workshop's stats view.
 */
import { AwsError, invalid } from './aws-error.ts';
import { applyUpdate, checkNewRule, defaultRule, defaultRuleName, objectOf, type SamplingRule, type SamplingRuleRecord } from './sampling-rule.ts';
import { computeTargets, type SamplingTargetsResult, type TargetState } from './sampling-targets.ts';

/** AWS's quota: 25 sampling rules per region, the Default rule not counted. */
export const maxUserRules = 25;

export interface RuleStoreOptions {
  /** Region in ARNs when a request does not name one (default: AWS_REGION, else us-east-1). */
  region?: string;
  /** Seconds since the epoch; tests move time. */
  now?: () => number;
}

export class RuleStore {
  readonly region: string;
  readonly #now: () => number;
  #records = new Map<string, SamplingRuleRecord>();
  #lastModification: number;
  #targets: TargetState = { clients: new Map(), reported: new Map() };
  #listeners = new Set<() => void>();

  constructor(options: RuleStoreOptions = {}) {
    this.region = options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
    this.#now = options.now ?? (() => Date.now() / 1000);
    this.#records.set(defaultRuleName, { SamplingRule: defaultRule(this.region), CreatedAt: 0, ModifiedAt: 0 });
    this.#lastModification = 0;
  }

  /** Epoch seconds of the last create, update or delete (0 before any). */
  get lastModification(): number {
    return this.#lastModification;
  }

  /** User rules by priority then name, the Default rule last: the order the SDK evaluates them in. */
  list(): SamplingRuleRecord[] {
    return [...this.#records.values()].map(copy).sort((a, b) => a.SamplingRule.Priority - b.SamplingRule.Priority || a.SamplingRule.RuleName.localeCompare(b.SamplingRule.RuleName));
  }

  get(nameOrArn: { RuleName?: unknown; RuleARN?: unknown }): SamplingRuleRecord | undefined {
    const found = this.#find(nameOrArn);
    return found === undefined ? undefined : copy(found);
  }

  create(input: unknown, region = this.region): SamplingRuleRecord {
    const rule = checkNewRule(input, region);
    if (this.#records.has(rule.RuleName)) throw invalid(`A sampling rule named "${rule.RuleName}" already exists`);
    if (this.#records.size - 1 >= maxUserRules) throw new AwsError('RuleLimitExceededException', `You have reached the maximum number of sampling rules (${maxUserRules}).`);
    const now = this.#stamp();
    const record = { SamplingRule: rule, CreatedAt: now, ModifiedAt: now };
    this.#records.set(rule.RuleName, record);
    this.#changed();
    return copy(record);
  }

  update(input: unknown): SamplingRuleRecord {
    const update = objectOf(input, 'SamplingRuleUpdate');
    const current = this.#find(update);
    if (current === undefined) throw invalid(`Sampling rule ${describe(update)} does not exist`);
    const record = { SamplingRule: applyUpdate(current.SamplingRule, update), CreatedAt: current.CreatedAt, ModifiedAt: this.#stamp() };
    this.#records.set(record.SamplingRule.RuleName, record);
    this.#changed();
    return copy(record);
  }

  delete(input: { RuleName?: unknown; RuleARN?: unknown }): SamplingRuleRecord {
    const current = this.#find(input);
    if (current === undefined) throw invalid(`Sampling rule ${describe(input)} does not exist`);
    if (current.SamplingRule.RuleName === defaultRuleName) throw invalid('The Default sampling rule cannot be deleted');
    this.#records.delete(current.SamplingRule.RuleName);
    this.#stamp();
    this.#changed();
    return copy(current);
  }

  /** GetSamplingTargets / the daemon's `POST /SamplingTargets`. */
  targets(body: unknown): SamplingTargetsResult {
    return computeTargets(body, this.#targets, (name) => this.#records.get(name)?.SamplingRule, this.#now(), this.#lastModification);
  }

  /** What SDKs reported per rule (totals since start), for the workshop's stats view. */
  reportedStatistics(): Record<string, { requests: number; sampled: number; borrowed: number; reports: number; lastReportAt: number }> {
    return Object.fromEntries([...this.#targets.reported].map(([name, stats]) => [name, { ...stats }]));
  }

  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #find(input: { RuleName?: unknown; RuleARN?: unknown }): SamplingRuleRecord | undefined {
    if (typeof input.RuleName === 'string') return this.#records.get(input.RuleName);
    if (typeof input.RuleARN === 'string') return [...this.#records.values()].find((r) => r.SamplingRule.RuleARN === input.RuleARN);
    throw invalid('RuleName or RuleARN is required');
  }

  /** Modification times only move forward, even when two changes land in the same clock tick. */
  #stamp(): number {
    const now = Math.max(this.#now(), this.#lastModification);
    this.#lastModification = now;
    return now;
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        console.error('rule store listener failed:', error);
      }
    }
  }
}

function copy(record: SamplingRuleRecord): SamplingRuleRecord {
  return { SamplingRule: { ...record.SamplingRule, Attributes: { ...record.SamplingRule.Attributes } }, CreatedAt: record.CreatedAt, ModifiedAt: record.ModifiedAt };
}

function describe(input: { RuleName?: unknown; RuleARN?: unknown }): string {
  return JSON.stringify(typeof input.RuleName === 'string' ? input.RuleName : input.RuleARN);
}

export type { SamplingRule, SamplingRuleRecord };
