/**
 * Sampling rules as the X-Ray API defines them (botocore xray 2016-04-12 `SamplingRule`, `SamplingRuleUpdate`):
 * validation with the API's own limits, and AWS's built-in `Default` rule. The Node SDK silently drops a rule
 * unless Version is 1, ResourceARN is "*", Attributes is an empty object, ServiceType/RuleName/Priority are
 * truthy and FixedRate is a number (aws-xray-sdk-core service_connector.js) — so `Attributes` is stored as `{}`
 * when a request (like the bootcamp's aws/json/xray.json) leaves it out.
 */
import { invalid } from './aws-error.ts';

export interface SamplingRule {
  RuleName: string;
  RuleARN: string;
  ResourceARN: string;
  Priority: number;
  FixedRate: number;
  ReservoirSize: number;
  ServiceName: string;
  ServiceType: string;
  Host: string;
  HTTPMethod: string;
  URLPath: string;
  Version: number;
  Attributes: Record<string, string>;
}

export interface SamplingRuleRecord {
  SamplingRule: SamplingRule;
  /** Epoch seconds. */
  CreatedAt: number;
  ModifiedAt: number;
}

export const defaultRuleName = 'Default';
export const accountId = '000000000000';

export function ruleArn(region: string, name: string): string {
  return `arn:aws:xray:${region}:${accountId}:sampling-rule/${name}`;
}

/** AWS's built-in catch-all: 1 request per second, then 5 %. Priority 10000 is outside the user range on purpose. */
export function defaultRule(region: string): SamplingRule {
  return {
    RuleName: defaultRuleName,
    RuleARN: ruleArn(region, defaultRuleName),
    ResourceARN: '*',
    Priority: 10000,
    FixedRate: 0.05,
    ReservoirSize: 1,
    ServiceName: '*',
    ServiceType: '*',
    Host: '*',
    HTTPMethod: '*',
    URLPath: '*',
    Version: 1,
    Attributes: {},
  };
}

const required = ['ResourceARN', 'Priority', 'FixedRate', 'ReservoirSize', 'ServiceName', 'ServiceType', 'Host', 'HTTPMethod', 'URLPath', 'Version'] as const;
const stringLimits: Record<string, number> = { RuleName: 32, ResourceARN: 500, ServiceName: 64, ServiceType: 64, Host: 64, HTTPMethod: 10, URLPath: 128 };

/** A CreateSamplingRule `SamplingRule`, checked; RuleARN and Attributes filled in. */
export function checkNewRule(input: unknown, region: string): SamplingRule {
  const rule = objectOf(input, 'SamplingRule');
  if (rule['RuleName'] === undefined) throw invalid('SamplingRule.RuleName is required');
  for (const field of required) if (rule[field] === undefined || rule[field] === null) throw invalid(`SamplingRule.${field} is required`);
  const name = checkString(rule, 'RuleName', 1);
  if (name === defaultRuleName) throw invalid('The rule name "Default" is reserved for the built-in rule');
  if (rule['Version'] !== 1) throw invalid(`SamplingRule.Version must be 1, got ${JSON.stringify(rule['Version'])}`);
  return {
    RuleName: name,
    RuleARN: ruleArn(region, name),
    ResourceARN: checkString(rule, 'ResourceARN', 0),
    Priority: checkPriority(rule['Priority']),
    FixedRate: checkFixedRate(rule['FixedRate']),
    ReservoirSize: checkReservoir(rule['ReservoirSize']),
    ServiceName: checkString(rule, 'ServiceName', 0),
    ServiceType: checkString(rule, 'ServiceType', 0),
    Host: checkString(rule, 'Host', 0),
    HTTPMethod: checkString(rule, 'HTTPMethod', 0),
    URLPath: checkString(rule, 'URLPath', 0),
    Version: 1,
    Attributes: checkAttributes(rule['Attributes']),
  };
}

/** Applies an UpdateSamplingRule `SamplingRuleUpdate` to `current`; fields left out keep their value. */
export function applyUpdate(current: SamplingRule, input: Record<string, unknown>): SamplingRule {
  const next = { ...current, Attributes: { ...current.Attributes } };
  if (current.RuleName === defaultRuleName) {
    // AWS lets the Default rule change only its rate and reservoir.
    for (const field of Object.keys(input)) {
      if (!['RuleName', 'RuleARN', 'FixedRate', 'ReservoirSize'].includes(field)) throw invalid(`The Default rule's ${field} cannot be changed; only FixedRate and ReservoirSize`);
    }
  }
  if (input['ResourceARN'] !== undefined) next.ResourceARN = checkString(input, 'ResourceARN', 0);
  if (input['Priority'] !== undefined && input['Priority'] !== null) next.Priority = checkPriority(input['Priority']);
  if (input['FixedRate'] !== undefined && input['FixedRate'] !== null) next.FixedRate = checkFixedRate(input['FixedRate']);
  if (input['ReservoirSize'] !== undefined && input['ReservoirSize'] !== null) next.ReservoirSize = checkReservoir(input['ReservoirSize']);
  for (const field of ['ServiceName', 'ServiceType', 'Host', 'HTTPMethod', 'URLPath'] as const) {
    if (input[field] !== undefined) next[field] = checkString(input, field, 0);
  }
  if (input['Attributes'] !== undefined) next.Attributes = checkAttributes(input['Attributes']);
  return next;
}

export function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function checkString(rule: Record<string, unknown>, field: string, min: number): string {
  const value = rule[field];
  if (typeof value !== 'string') throw invalid(`SamplingRule.${field} must be a string`);
  const max = stringLimits[field] ?? 1024;
  if (value.length < min || value.length > max) throw invalid(`SamplingRule.${field} must be ${min}-${max} characters, got ${value.length}`);
  return value;
}

function checkPriority(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 9999) throw invalid(`Priority must be an integer from 1 to 9999, got ${JSON.stringify(value)}`);
  return value;
}

function checkFixedRate(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw invalid(`FixedRate must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  return value;
}

function checkReservoir(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`ReservoirSize must be a non-negative integer, got ${JSON.stringify(value)}`);
  return value;
}

function checkAttributes(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const map = objectOf(value, 'SamplingRule.Attributes');
  const entries = Object.entries(map);
  if (entries.length > 5) throw invalid('SamplingRule.Attributes holds at most 5 entries');
  for (const [key, v] of entries) {
    if (key.length < 1 || key.length > 32 || typeof v !== 'string' || v.length < 1 || v.length > 32) throw invalid('SamplingRule.Attributes keys and values must be strings of 1-32 characters');
  }
  return map as Record<string, string>;
}
