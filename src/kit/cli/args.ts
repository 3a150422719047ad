/**
 * Command-line values the way the AWS CLI reads them: `--flag value` or `--flag=value`; list flags take every value
 * up to the next `--flag`; `file://path` reads the value from a file (relative to the working directory);
 * timestamps are epoch seconds or anything Date.parse understands; JSON flags take JSON text.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FlagSpec } from './command.ts';
import { CliError, exitUsage } from './protocol.ts';

/** Splits argv into `--flag` → values (in order), keeping positional words apart. */
export function splitFlags(argv: readonly string[]): { positional: string[]; flags: Map<string, string[]> } {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const arg of argv) {
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (flags.has(name)) throw new CliError(`cruddur-aws: error: ${name} was given twice`, exitUsage);
      current = eq > 0 ? [arg.slice(eq + 1)] : [];
      flags.set(name, current);
      if (eq > 0) current = undefined;
      continue;
    }
    if (current !== undefined) current.push(arg);
    else positional.push(arg);
  }
  return { positional, flags };
}

export function readValue(flag: string, spec: FlagSpec, values: readonly string[]): unknown {
  if (spec.type === 'boolean') {
    if (values.length > 0) throw new CliError(`cruddur-aws: error: ${flag} takes no value`, exitUsage);
    return true;
  }
  if (values.length === 0) throw new CliError(`cruddur-aws: error: argument ${flag}: expected ${spec.type === 'list' ? 'at least one' : 'one'} argument`, exitUsage);
  if (spec.type === 'list') return values.map((v) => fileOrText(v));
  if (values.length > 1) throw new CliError(`cruddur-aws: error: argument ${flag}: expected one argument, got ${values.length} (quote values with spaces)`, exitUsage);
  const text = fileOrText(values[0] as string);
  switch (spec.type) {
    case 'string':
      return text;
    case 'integer': {
      const n = Number(text);
      if (!Number.isInteger(n)) throw new CliError(`cruddur-aws: error: argument ${flag}: invalid integer value: '${text}'`, exitUsage);
      return n;
    }
    case 'timestamp':
      return parseTimestamp(flag, text);
    case 'json':
      return parseJson(flag, text);
  }
}

export function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`cruddur-aws: error: ${flag} must be JSON (${error instanceof Error ? error.message : String(error)})`, exitUsage);
  }
}

/** `file://path` → the file's text; anything else as given. */
export function fileOrText(value: string): string {
  if (!value.startsWith('file://')) return value;
  const path = resolve(value.slice('file://'.length));
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cruddur-aws: error: cannot read ${value}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, exitUsage);
  }
}

function parseTimestamp(flag: string, text: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliError(`cruddur-aws: error: argument ${flag}: invalid timestamp '${text}' (use epoch seconds or ISO 8601)`, exitUsage);
  return ms / 1000;
}
