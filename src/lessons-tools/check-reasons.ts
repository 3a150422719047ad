/**
 * The failure reasons a check can produce, read from its source (`run.toString()`), so lint can ask that each
 * learner reason has a hint. Only what is visible: `fail('reason', ...)` and `fail(cond ? 'a' : 'b', ...)` calls
 * written in run() itself; a reason computed elsewhere is reported as `dynamic` and not checked. A fourth
 * argument of 'environment', 'checker' or 'timeout' marks a failure that gets no hint.
 *
 * Also the keys a `pickHint` can return (`return 'key'`), which must be keys of the check's hints.
 */

export interface FoundReasons {
  learner: string[];
  other: string[];
  /** fail() calls whose reason is not a literal. */
  dynamic: number;
}

const literal = /^(['"`])([a-z0-9]+(?:-[a-z0-9]+)*)\1$/;
const nonLearnerKinds = new Set(['environment', 'checker', 'timeout']);

export function reasonsIn(source: string): FoundReasons {
  const found: FoundReasons = { learner: [], other: [], dynamic: 0 };
  const call = /\bfail\s*\(/g;
  for (let match = call.exec(source); match !== null; match = call.exec(source)) {
    const args = splitArguments(source, match.index + match[0].length);
    const first = args[0] ?? '';
    const kindArg = args[3]?.replace(/^['"`]|['"`]$/g, '');
    const bucket = kindArg !== undefined && nonLearnerKinds.has(kindArg) ? found.other : found.learner;
    const reasons = literalsOf(first);
    if (reasons.length === 0) found.dynamic += 1;
    for (const reason of reasons) if (!bucket.includes(reason)) bucket.push(reason);
  }
  return found;
}

/** `'a'` → [a]; `cond ? 'a' : 'b'` → [a, b]; anything else → []. */
function literalsOf(expression: string): string[] {
  const single = literal.exec(expression.trim());
  if (single !== null) return [single[2]!];
  const ternary = /\?\s*(['"`][a-z0-9-]+['"`])\s*:\s*(['"`][a-z0-9-]+['"`])\s*$/.exec(expression);
  if (ternary === null) return [];
  return [ternary[1]!, ternary[2]!].map((l) => literal.exec(l)?.[2]).filter((r): r is string => r !== undefined);
}

/** Top-level arguments of a call whose "(" ends just before `from`; strings, templates and brackets are skipped over. */
export function splitArguments(source: string, from: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = from; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '"' || ch === "'" || ch === '`') {
      const end = endOfString(source, i);
      current += source.slice(i, end + 1);
      i = end;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth += 1;
    if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) {
        if (current.trim() !== '') args.push(current.trim());
        return args;
      }
      depth -= 1;
    }
    if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  return args;
}

function endOfString(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i += 1;
    else if (source[i] === quote) return i;
  }
  return source.length - 1;
}

/** Keys a pickHint function returns as literals. */
export function pickedKeysIn(source: string): string[] {
  const keys = new Set<string>();
  for (const match of source.matchAll(/\breturn\s+(['"`])([a-z0-9]+(?:-[a-z0-9]+)*)\1/g)) keys.add(match[2]!);
  return [...keys];
}
