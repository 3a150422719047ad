/**
 * Reading a JSON 1.1 request's members the way the real service validates them: wrong JSON types are a
 * SerializationException (the service cannot even deserialize the request), constraint violations an
 * InvalidParameterException worded like AWS's "1 validation error detected: ..." messages.
 */
import { AwsError } from '../aws-port/aws-error.ts';

export type Input = Record<string, unknown>;

export function validationError(value: unknown, member: string, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return new AwsError('InvalidParameterException', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

function wrongType(member: string, expected: string): AwsError {
  return new AwsError('SerializationException', `Expected ${expected} for '${member}'`);
}

interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** How the pattern appears in the message (AWS prints the model's regex). */
  patternText?: string;
}

export function optionalString(input: Input, member: string, rule: StringRule = {}): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(member, 'a string');
  if (rule.min !== undefined && value.length < rule.min) throw validationError(value, member, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max) throw validationError(value, member, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern !== undefined && !rule.pattern.test(value)) throw validationError(value, member, `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
  return value;
}

export function requiredString(input: Input, member: string, rule: StringRule = {}): string {
  const value = optionalString(input, member, rule);
  if (value === undefined) throw validationError(undefined, member, 'Member must not be null');
  return value;
}

export function optionalInteger(input: Input, member: string, range: { min?: number; max?: number } = {}): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrongType(member, 'an integer');
  if (range.min !== undefined && value < range.min) throw validationError(value, member, `Member must have value greater than or equal to ${range.min}`);
  if (range.max !== undefined && value > range.max) throw validationError(value, member, `Member must have value less than or equal to ${range.max}`);
  return value;
}

export function optionalBoolean(input: Input, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(member, 'a boolean');
  return value;
}

export function optionalStringList(input: Input, member: string, range: { min?: number; max?: number } = {}): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw wrongType(member, 'a list of strings');
  if (range.min !== undefined && value.length < range.min) throw validationError(value, member, `Member must have length greater than or equal to ${range.min}`);
  if (range.max !== undefined && value.length > range.max) throw validationError(value, member, `Member must have length less than or equal to ${range.max}`);
  return value as string[];
}

/** Log group names: 1–512 of `[.-_/#A-Za-z0-9]` (the API model's pattern). */
export const logGroupNameRule: StringRule = { min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, patternText: '[\\.\\-_/#A-Za-z0-9]+' };
/** Log stream names: 1–512, no `:` or `*`. */
export const logStreamNameRule: StringRule = { min: 1, max: 512, pattern: /^[^:*]*$/, patternText: '[^:*]*' };
