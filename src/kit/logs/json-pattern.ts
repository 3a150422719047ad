/**
 * JSON filter patterns, minimal but real: `{ $.level = "error" }`, `{ $.status >= 500 }`,
 * `{ ($.level = "error") && ($.path = "/api/*") }`, `{ $.user IS NULL }`, `{ $.trace NOT EXISTS }`,
 * `{ $.ok IS FALSE }`. Selectors are `$` followed by `.name` and `[index]` steps. Strings compare with `=`/`!=`
 * and may use `*` as a wildcard; numbers with `= != < > <= >=`. Only events whose message is JSON can match.
 */
import { FilterPatternError } from './pattern-error.ts';

type MessageMatcher = (message: string) => boolean;

type Token =
  | { kind: 'punct'; text: '{' | '}' | '(' | ')' | '&&' | '||' }
  | { kind: 'op'; text: '=' | '!=' | '<' | '>' | '<=' | '>=' }
  | { kind: 'selector'; path: (string | number)[]; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'word'; text: string };

type Node = (root: unknown) => boolean;

const maxDepth = 32;

export function compileJsonPattern(text: string): MessageMatcher {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (what: string): never => {
    throw new FilterPatternError(`Invalid filter pattern: ${what}`);
  };
  const expectPunct = (p: '{' | '}' | '(' | ')'): void => {
    const t = tokens[pos];
    if (t?.kind !== 'punct' || t.text !== p) fail(`expected "${p}"`);
    pos += 1;
  };

  const parseOr = (depth: number): Node => {
    if (depth > maxDepth) fail('nested too deeply');
    const parts = [parseAnd(depth)];
    while (isPunct(peek(), '||')) {
      pos += 1;
      parts.push(parseAnd(depth));
    }
    return parts.length === 1 ? (parts[0] as Node) : (root) => parts.some((p) => p(root));
  };
  const parseAnd = (depth: number): Node => {
    const parts = [parseUnary(depth)];
    while (isPunct(peek(), '&&')) {
      pos += 1;
      parts.push(parseUnary(depth));
    }
    return parts.length === 1 ? (parts[0] as Node) : (root) => parts.every((p) => p(root));
  };
  const parseUnary = (depth: number): Node => {
    if (isPunct(peek(), '(')) {
      pos += 1;
      const inner = parseOr(depth + 1);
      expectPunct(')');
      return inner;
    }
    return parseComparison();
  };
  const parseComparison = (): Node => {
    const selector = tokens[pos];
    if (selector?.kind !== 'selector') return fail('expected a selector such as $.level');
    pos += 1;
    const next = tokens[pos];
    if (next?.kind === 'word') {
      const keyword = next.text.toUpperCase();
      const after = tokens[pos + 1];
      const afterWord = after?.kind === 'word' ? after.text.toUpperCase() : '';
      pos += 2;
      if (keyword === 'IS' && afterWord === 'TRUE') return (root) => resolve(root, selector.path).value === true;
      if (keyword === 'IS' && afterWord === 'FALSE') return (root) => resolve(root, selector.path).value === false;
      if (keyword === 'IS' && afterWord === 'NULL') return (root) => resolve(root, selector.path).value === null;
      if (keyword === 'NOT' && afterWord === 'EXISTS') return (root) => !resolve(root, selector.path).found;
      return fail(`unknown condition "${next.text} ${afterWord}" after ${selector.text}`);
    }
    if (next?.kind !== 'op') return fail(`expected an operator after ${selector.text}`);
    pos += 1;
    const value = tokens[pos];
    pos += 1;
    if (value?.kind === 'number') return numberComparison(selector.path, next.text, value.value);
    let literal: string;
    if (value?.kind === 'string') literal = value.value;
    else if (value?.kind === 'word') literal = value.text;
    else return fail(`expected a value after ${selector.text} ${next.text}`);
    if (next.text !== '=' && next.text !== '!=') return fail(`strings compare only with = or !=, not ${next.text}`);
    const match = wildcard(literal);
    const equal = (root: unknown): boolean | undefined => {
      const { found, value: v } = resolve(root, selector.path);
      if (!found) return undefined;
      // Unquoted values also match numbers and booleans written the same way.
      return typeof v === 'string' ? match(v) : (typeof v === 'number' || typeof v === 'boolean') && match(String(v));
    };
    return next.text === '=' ? (root) => equal(root) === true : (root) => equal(root) === false;
  };

  expectPunct('{');
  const root = parseOr(0);
  expectPunct('}');
  if (pos !== tokens.length) fail('unexpected text after the closing "}"');
  return (message) => {
    const trimmed = message.trimStart();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return false;
    }
    return root(parsed);
  };
}

function numberComparison(path: (string | number)[], op: string, expected: number): Node {
  return (root) => {
    const { found, value } = resolve(root, path);
    if (!found || typeof value !== 'number') return false;
    switch (op) {
      case '=':
        return value === expected;
      case '!=':
        return value !== expected;
      case '<':
        return value < expected;
      case '>':
        return value > expected;
      case '<=':
        return value <= expected;
      default:
        return value >= expected;
    }
  };
}

function resolve(root: unknown, path: (string | number)[]): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false, value: undefined };
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step)) return { found: false, value: undefined };
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

function wildcard(literal: string): (value: string) => boolean {
  if (!literal.includes('*')) return (value) => value === literal;
  const source = literal
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '{' || c === '}' || c === '(' || c === ')') {
      tokens.push({ kind: 'punct', text: c });
      i += 1;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ kind: 'punct', text: text.slice(i, i + 2) as '&&' | '||' });
      i += 2;
    } else if (/[=!<>]/.test(c)) {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else if (c === '!') {
        throw new FilterPatternError(`Invalid filter pattern: unexpected "!" at character ${i + 1}`);
      } else {
        tokens.push({ kind: 'op', text: c as '=' | '<' | '>' });
        i += 1;
      }
    } else if (c === '$') {
      const end = scan(text, i + 1, /[A-Za-z0-9_.\-[\]]/);
      const raw = text.slice(i, end);
      tokens.push({ kind: 'selector', path: selectorPath(raw), text: raw });
      i = end;
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j += 1;
        value += text[j];
        j += 1;
      }
      if (j >= text.length) throw new FilterPatternError(`Invalid filter pattern: unterminated string starting at character ${i + 1}`);
      tokens.push({ kind: 'string', value });
      i = j + 1;
    } else {
      const end = scan(text, i, /[^\s{}()=!<>&|"]/);
      if (end === i) throw new FilterPatternError(`Invalid filter pattern: unexpected "${c}" at character ${i + 1}`);
      const word = text.slice(i, end);
      const n = Number(word);
      tokens.push(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(word) && Number.isFinite(n) ? { kind: 'number', value: n } : { kind: 'word', text: word });
      i = end;
    }
  }
  return tokens;
}

function scan(text: string, start: number, allowed: RegExp): number {
  let i = start;
  while (i < text.length && allowed.test(text[i] ?? '')) i += 1;
  return i;
}

function selectorPath(raw: string): (string | number)[] {
  const path: (string | number)[] = [];
  const step = /\.([A-Za-z0-9_-]+)|\[(\d+)\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < raw.length) {
    const m = step.exec(raw);
    if (m === null) throw new FilterPatternError(`Invalid filter pattern: bad selector "${raw}"`);
    path.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return path;
}
