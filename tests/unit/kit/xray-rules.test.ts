import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError } from '../../../src/kit/xray/aws-error.ts';
import { GroupStore } from '../../../src/kit/xray/group-store.ts';
import { RuleStore } from '../../../src/kit/xray/rule-store.ts';

const bootcamp = { RuleName: 'Cruddur', ResourceARN: '*', Priority: 9000, FixedRate: 0.1, ReservoirSize: 5, ServiceName: 'backend-flask', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1 };

function refused(run: () => unknown, type: string, message?: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof AwsError && error.type === type && (message === undefined || message.test(error.message)));
}

describe('sampling rules', () => {
  it('stores the bootcamp rule with Attributes {} and lists it before Default', () => {
    let now = 1_700_000_000;
    const store = new RuleStore({ region: 'ca-central-1', now: () => now });
    const record = store.create(bootcamp);
    assert.deepEqual(record.SamplingRule.Attributes, {});
    assert.equal(record.SamplingRule.RuleARN, 'arn:aws:xray:ca-central-1:000000000000:sampling-rule/Cruddur');
    assert.equal(record.CreatedAt, now);
    assert.deepEqual(store.list().map((r) => r.SamplingRule.RuleName), ['Cruddur', 'Default']);
    assert.equal(store.lastModification, now);
    now += 5;
    store.update({ RuleName: 'Cruddur', FixedRate: 0.5 });
    assert.equal(store.get({ RuleName: 'Cruddur' })?.SamplingRule.FixedRate, 0.5);
    assert.equal(store.lastModification, now);
  });

  it('validates with the API limits', () => {
    const store = new RuleStore();
    refused(() => store.create({ ...bootcamp, FixedRate: 1.5 }), 'InvalidRequestException', /FixedRate/);
    refused(() => store.create({ ...bootcamp, FixedRate: -0.1 }), 'InvalidRequestException', /FixedRate/);
    refused(() => store.create({ ...bootcamp, Priority: 0 }), 'InvalidRequestException', /Priority/);
    refused(() => store.create({ ...bootcamp, Priority: 10000 }), 'InvalidRequestException', /Priority/);
    refused(() => store.create({ ...bootcamp, ReservoirSize: -1 }), 'InvalidRequestException', /ReservoirSize/);
    refused(() => store.create({ ...bootcamp, RuleName: 'x'.repeat(33) }), 'InvalidRequestException', /RuleName/);
    refused(() => store.create({ ...bootcamp, Host: 'h'.repeat(65) }), 'InvalidRequestException', /Host/);
    refused(() => store.create({ ...bootcamp, Version: 2 }), 'InvalidRequestException', /Version/);
    refused(() => store.create({ ...bootcamp, URLPath: undefined }), 'InvalidRequestException', /URLPath/);
    refused(() => store.create({ ...bootcamp, Attributes: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } }), 'InvalidRequestException', /Attributes/);
    refused(() => store.create('nope'), 'InvalidRequestException');
    refused(() => store.create({ ...bootcamp, RuleName: 'Default' }), 'InvalidRequestException');
  });

  it('refuses a duplicate name, and a 26th rule with RuleLimitExceededException', () => {
    const store = new RuleStore();
    store.create(bootcamp);
    refused(() => store.create(bootcamp), 'InvalidRequestException', /already exists/);
    for (let i = 1; i < 25; i++) store.create({ ...bootcamp, RuleName: `rule-${i}` });
    refused(() => store.create({ ...bootcamp, RuleName: 'one-too-many' }), 'RuleLimitExceededException');
  });

  it('keeps the Default rule: only its rate and reservoir change, and it cannot be deleted', () => {
    const store = new RuleStore();
    store.update({ RuleName: 'Default', FixedRate: 0.2 });
    assert.equal(store.get({ RuleName: 'Default' })?.SamplingRule.FixedRate, 0.2);
    refused(() => store.update({ RuleName: 'Default', URLPath: '/x' }), 'InvalidRequestException');
    refused(() => store.delete({ RuleName: 'Default' }), 'InvalidRequestException');
    refused(() => store.delete({ RuleName: 'missing' }), 'InvalidRequestException');
  });

  it('splits the reservoir per second between the clients that report, and returns the FixedRate', () => {
    let now = 1_700_000_000;
    const store = new RuleStore({ now: () => now });
    store.create(bootcamp);
    const report = (client: string) => store.targets({ SamplingStatisticsDocuments: [{ RuleName: 'Cruddur', ClientID: client, RequestCount: 10, SampledCount: 2, BorrowCount: 0, Timestamp: now }] });
    const one = report('a'.repeat(24));
    assert.deepEqual(one.SamplingTargetDocuments[0], { RuleName: 'Cruddur', FixedRate: 0.1, ReservoirQuota: 5, ReservoirQuotaTTL: now + 10, Interval: 10 });
    assert.equal(typeof one.LastRuleModification, 'number');
    const two = report('b'.repeat(24));
    const first = report('a'.repeat(24));
    assert.deepEqual([first.SamplingTargetDocuments[0]?.ReservoirQuota, two.SamplingTargetDocuments[0]?.ReservoirQuota], [3, 2]);
    // A client that stops reporting stops counting after two intervals.
    now += 25;
    assert.equal(report('a'.repeat(24)).SamplingTargetDocuments[0]?.ReservoirQuota, 5);
    assert.deepEqual(store.reportedStatistics()['Cruddur']?.requests, 40);
  });

  it('lists unknown rules as unprocessed and refuses malformed statistics', () => {
    const store = new RuleStore();
    const result = store.targets({ SamplingStatisticsDocuments: [{ RuleName: 'ghost', ClientID: 'c'.repeat(24), RequestCount: 1, SampledCount: 0, Timestamp: 1 }] });
    assert.equal(result.UnprocessedStatistics[0]?.RuleName, 'ghost');
    refused(() => store.targets({}), 'InvalidRequestException');
    refused(() => store.targets({ SamplingStatisticsDocuments: [{ RuleName: 'Default', ClientID: 'short', RequestCount: 1, SampledCount: 0, Timestamp: 1 }] }), 'InvalidRequestException');
    refused(() => store.targets({ SamplingStatisticsDocuments: [{ RuleName: 'Default', ClientID: 'c'.repeat(24), RequestCount: -1, SampledCount: 0, Timestamp: 1 }] }), 'InvalidRequestException');
  });
});

describe('groups', () => {
  it('creates, updates and deletes groups; Default is always there', () => {
    const groups = new GroupStore({ region: 'ca-central-1' });
    const created = groups.create({ GroupName: 'Cruddur', FilterExpression: 'service("backend-flask") {fault OR error}' });
    assert.match(created.GroupARN, /^arn:aws:xray:ca-central-1:000000000000:group\/Cruddur\/[A-Z2-7]{32}$/);
    assert.deepEqual(Object.keys(created), ['GroupName', 'GroupARN', 'FilterExpression', 'InsightsConfiguration']);
    assert.equal(groups.get({ GroupARN: created.GroupARN })?.GroupName, 'Cruddur');
    assert.equal(groups.update({ GroupName: 'Cruddur', FilterExpression: 'fault' }).FilterExpression, 'fault');
    assert.deepEqual(groups.list().map((g) => g.GroupName), ['Default', 'Cruddur']);
    groups.delete({ GroupName: 'Cruddur' });
    assert.deepEqual(groups.list().map((g) => g.GroupName), ['Default']);
  });

  it('validates names and filter expressions', () => {
    const groups = new GroupStore();
    refused(() => groups.create({ GroupName: '' }), 'InvalidRequestException');
    refused(() => groups.create({ GroupName: 'x'.repeat(33) }), 'InvalidRequestException');
    refused(() => groups.create({ GroupName: 'Default' }), 'InvalidRequestException');
    refused(() => groups.create({ GroupName: 'Bad', FilterExpression: 'service(' }), 'InvalidRequestException', /filter expression/);
    groups.create({ GroupName: 'Cruddur' });
    refused(() => groups.create({ GroupName: 'Cruddur' }), 'InvalidRequestException', /already exists/);
    refused(() => groups.delete({ GroupName: 'Default' }), 'InvalidRequestException');
    refused(() => groups.get({}), 'InvalidRequestException');
  });
});
