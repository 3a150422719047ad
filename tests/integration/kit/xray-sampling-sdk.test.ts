/**
 * The daemon's sampling answers, judged by the SDK's own parser: aws-xray-sdk-core 3.12's ServiceConnector (the
 * code its pollers run) fetches rules and targets from the stand-in in-process. A shape the SDK would silently
 * drop (no Attributes, Priority 0, a string LastRuleModification...) fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureDir, startLocalXray, xrayCall, type LocalXray } from '../../fixtures/kit/xray/harness.ts';

const require = createRequire(import.meta.url);

interface SdkRule {
  getName(): string;
  getPriority(): number;
  getRate(): number;
  canBorrow(): boolean;
  incrementRequestCount(): void;
  incrementSampledCount(): void;
}
type Targets = Record<string, { rate: number; quota: number; TTL: number; interval: number }>;
interface Connector {
  clientId: string;
  fetchSamplingRules(cb: (err: Error | null, rules?: SdkRule[]) => void): void;
  fetchTargets(rules: SdkRule[], cb: (err: Error | null, targets?: Targets, freshness?: number) => void): void;
}

const connector = require('aws-xray-sdk-core/dist/lib/middleware/sampling/service_connector') as Connector;
const daemonConfig = require('aws-xray-sdk-core/dist/lib/daemon_config') as { tcp_ip: string; tcp_port: number };

function fetchRules(): Promise<SdkRule[]> {
  return new Promise((resolve, reject) => connector.fetchSamplingRules((err, rules) => (err ? reject(err) : resolve(rules ?? []))));
}

function fetchTargets(rules: SdkRule[]): Promise<{ targets: Targets; freshness: number }> {
  return new Promise((resolve, reject) => connector.fetchTargets(rules, (err, targets, freshness) => (err ? reject(err) : resolve({ targets: targets ?? {}, freshness: freshness ?? Number.NaN }))));
}

describe('sampling proxy as read by aws-xray-sdk-core 3.12', () => {
  let xray: LocalXray;

  before(async () => {
    xray = await startLocalXray();
    // Where the SDK's pollers connect (what AWS_XRAY_DAEMON_ADDRESS sets).
    daemonConfig.tcp_ip = '127.0.0.1';
    daemonConfig.tcp_port = xray.daemon.tcpPort;
  });
  after(() => xray?.close());

  it('accepts the built-in Default rule', async () => {
    const rules = await fetchRules();
    assert.deepEqual(rules.map((r) => [r.getName(), r.getPriority(), r.getRate(), r.canBorrow()]), [['Default', 10000, 0.05, true]]);
  });

  it('accepts the bootcamp rule created from aws/json/xray.json (which has no Attributes)', async () => {
    const input = JSON.parse(readFileSync(join(fixtureDir, 'xray.json'), 'utf8')) as unknown;
    const created = await xrayCall(xray.apiPort, '/CreateSamplingRule', input);
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const rules = await fetchRules();
    assert.deepEqual(rules.map((r) => r.getName()), ['Cruddur', 'Default']);
    assert.equal(rules[0]?.getRate(), 0.1);
  });

  it('accepts the targets reply: FixedRate and the per-second reservoir quota for this client', async () => {
    const rules = await fetchRules();
    for (const rule of rules) {
      rule.incrementRequestCount();
      rule.incrementSampledCount();
    }
    const { targets, freshness } = await fetchTargets(rules);
    assert.equal(targets['Cruddur']?.rate, 0.1);
    assert.equal(targets['Cruddur']?.quota, 5);
    assert.equal(targets['Cruddur']?.interval, 10);
    assert.equal(targets['Default']?.quota, 1);
    assert.equal(typeof freshness, 'number');
    const reported = xray.ruleStore.reportedStatistics();
    assert.deepEqual({ requests: reported['Cruddur']?.requests, sampled: reported['Cruddur']?.sampled }, { requests: 1, sampled: 1 });
  });

  it('serves an updated rule on the next fetch', async () => {
    const updated = await xrayCall(xray.apiPort, '/UpdateSamplingRule', { SamplingRuleUpdate: { RuleName: 'Cruddur', FixedRate: 1 } });
    assert.equal(updated.status, 200);
    const rules = await fetchRules();
    assert.equal(rules.find((r) => r.getName() === 'Cruddur')?.getRate(), 1);
  });
});
