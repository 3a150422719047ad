/**
 * X-Ray filter expressions (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-filters.html), the subset
 * the workshop needs, with clear errors for the rest:
 *
 *   ok | error | fault | throttle | partial                 trace flags (also `fault = true`)
 *   service("name") [{ expr }]                              the trace has that node; in braces, flags of that node
 *   edge("from", "to") [{ expr }]                           the trace has a call from one node to another
 *   http.url | http.method | http.useragent | http.clientip  = != CONTAINS BEGINSWITH ENDSWITH "text" (bare: present)
 *   http.status | responsetime | duration                   = != < <= > >= number
 *   annotation.key | annotation[key]                        compared with a string, number or true/false (bare: present)
 *   user = "name"   group.name = "Cruddur"   group.arn = "..."
 *   AND / && , OR / || , NOT / ! , ( )                      AND binds tighter than OR
 *
 * Keywords are case-insensitive. A bad expression throws InvalidRequestException naming the position.
 */
import { invalid } from './aws-error.ts';
import type { AnnotationValue, TraceFacts } from './trace-facts.ts';

export type Flag = 'ok' | 'error' | 'fault' | 'throttle' | 'partial';
type StringField = 'http.url' | 'http.method' | 'http.useragent' | 'http.clientip' | 'user' | 'group.name' | 'group.arn';
type NumberField = 'http.status' | 'responsetime' | 'duration';
type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'beginswith' | 'endswith';
type Literal = string | number | boolean;

export type FilterNode =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'flag'; flag: Flag; value: boolean }
  | { kind: 'service'; name: string; scoped: FilterNode | undefined }
  | { kind: 'edge'; from: string; to: string; scoped: FilterNode | undefined }
  | { kind: 'compare'; field: StringField | NumberField; op: Operator; value: Literal }
  | { kind: 'annotation'; key: string; op: Operator | undefined; value: Literal | undefined }
  | { kind: 'present'; field: StringField };

export interface FilterContext {
  /** Resolves `group.name` / `group.arn` to the group's own expression. */
  groupFilter?: (by: 'name' | 'arn', value: string) => FilterNode | undefined;
}

const maxLength = 2000;
const maxDepth = 50;
const flags: readonly string[] = ['ok', 'error', 'fault', 'throttle', 'partial'];
const stringFields: readonly string[] = ['http.url', 'http.method', 'http.useragent', 'http.clientip', 'user', 'group.name', 'group.arn'];
const numberFields: readonly string[] = ['http.status', 'responsetime', 'duration'];
const stringOps: readonly string[] = ['=', '!=', 'contains', 'beginswith', 'endswith'];
const numberOps: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];

interface Token {
  kind: 'string' | 'number' | 'word' | 'symbol' | 'end';
  text: string;
  pos: number;
}

export function parseFilterExpression(source: string): FilterNode {
  if (source.length > maxLength) throw invalid(`Filter expression is over ${maxLength} characters`);
  if (source.trim() === '') return { kind: 'all' };
  return new Parser(tokenize(source)).parseAll();
}

export function matchesFilter(node: FilterNode, facts: TraceFacts, context: FilterContext = {}, depth = 0): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return matchesFilter(node.left, facts, context, depth) && matchesFilter(node.right, facts, context, depth);
    case 'or':
      return matchesFilter(node.left, facts, context, depth) || matchesFilter(node.right, facts, context, depth);
    case 'not':
      return !matchesFilter(node.expr, facts, context, depth);
    case 'flag':
      return facts[node.flag] === node.value;
    case 'service': {
      const found = facts.nodes.get(node.name);
      if (found === undefined) return false;
      if (node.scoped === undefined) return true;
      // Inside braces the flags and times are the node's own.
      const scoped: TraceFacts = { ...facts, ok: found.ok, error: found.error, fault: found.fault, throttle: found.throttle, responseTime: found.responseTime, duration: found.responseTime };
      return matchesFilter(node.scoped, scoped, context, depth);
    }
    case 'edge': {
      const calls = facts.edges.filter((e) => e.from === node.from && e.to === node.to);
      if (node.scoped === undefined) return calls.length > 0;
      const scopedNode = node.scoped;
      return calls.some(({ document: d }) => {
        const error = d.error === true;
        const fault = d.fault === true;
        const throttle = d.throttle === true;
        const time = typeof d.end_time === 'number' ? d.end_time - d.start_time : undefined;
        return matchesFilter(scopedNode, { ...facts, ok: !error && !fault && !throttle, error, fault, throttle, responseTime: time, duration: time }, context, depth);
      });
    }
    case 'annotation': {
      const values = facts.annotations.get(node.key);
      if (values === undefined) return false;
      if (node.op === undefined || node.value === undefined) return true;
      const op = node.op;
      const wanted = node.value;
      return values.some((v) => compare(v, op, wanted));
    }
    case 'present':
      return stringValues(node.field, facts).length > 0;
    case 'compare': {
      if (node.field === 'group.name' || node.field === 'group.arn') {
        // Guard against a group whose expression names itself.
        if (depth > 8 || context.groupFilter === undefined || typeof node.value !== 'string') return false;
        const inner = context.groupFilter(node.field === 'group.name' ? 'name' : 'arn', node.value);
        const matched = inner !== undefined && matchesFilter(inner, facts, context, depth + 1);
        return node.op === '!=' ? !matched : matched;
      }
      const values = numberFields.includes(node.field) ? numberValue(node.field as NumberField, facts) : stringValues(node.field as StringField, facts);
      // A trace without the field matches nothing, not even `!=`.
      return values.some((v) => compare(v, node.op, node.value));
    }
  }
}

function stringValues(field: StringField, facts: TraceFacts): string[] {
  switch (field) {
    case 'http.url':
      return facts.http.url === undefined ? [] : [facts.http.url];
    case 'http.method':
      return facts.http.method === undefined ? [] : [facts.http.method];
    case 'http.useragent':
      return facts.http.useragent === undefined ? [] : [facts.http.useragent];
    case 'http.clientip':
      return facts.http.clientip === undefined ? [] : [facts.http.clientip];
    case 'user':
      return facts.users;
    default:
      return [];
  }
}

function numberValue(field: NumberField, facts: TraceFacts): number[] {
  const value = field === 'http.status' ? facts.http.status : field === 'responsetime' ? facts.responseTime : facts.duration;
  return value === undefined ? [] : [value];
}

function compare(actual: AnnotationValue, op: Operator, wanted: Literal): boolean {
  if (typeof actual !== typeof wanted) return op === '!=' ? true : false;
  switch (op) {
    case '=':
      return actual === wanted;
    case '!=':
      return actual !== wanted;
    case '<':
      return actual < wanted;
    case '<=':
      return actual <= wanted;
    case '>':
      return actual > wanted;
    case '>=':
      return actual >= wanted;
    case 'contains':
      return String(actual).includes(String(wanted));
    case 'beginswith':
      return String(actual).startsWith(String(wanted));
    case 'endswith':
      return String(actual).endsWith(String(wanted));
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const pos = i;
    if (ch === '"' || ch === "'") {
      let text = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        text += source[i];
        i++;
      }
      if (i >= source.length) throw syntax(pos, `the string starting here is never closed (missing ${ch})`);
      i++;
      tokens.push({ kind: 'string', text, pos });
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(source.slice(i));
    if (number !== null && (ch !== '-' || !/[\w.]/.test(tokens[tokens.length - 1]?.text.slice(-1) ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], pos });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.:-]*/.exec(source.slice(i));
    if (word !== null) {
      tokens.push({ kind: 'word', text: word[0], pos });
      i += word[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['!=', '<=', '>=', '&&', '||'].includes(two)) {
      tokens.push({ kind: 'symbol', text: two, pos });
      i += 2;
      continue;
    }
    if ('=<>!(){}[],'.includes(ch)) {
      tokens.push({ kind: 'symbol', text: ch, pos });
      i++;
      continue;
    }
    throw syntax(pos, `unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  #at = 0;
  #depth = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parseAll(): FilterNode {
    const node = this.#or();
    const next = this.#peek();
    if (next.kind !== 'end') throw syntax(next.pos, `unexpected ${describe(next)}; join conditions with AND or OR`);
    return node;
  }

  #or(): FilterNode {
    let left = this.#and();
    while (this.#isWord('or') || this.#isSymbol('||')) {
      this.#next();
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): FilterNode {
    let left = this.#unary();
    while (this.#isWord('and') || this.#isSymbol('&&')) {
      this.#next();
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): FilterNode {
    if (this.#isWord('not') || this.#isSymbol('!')) {
      this.#next();
      return this.#nested(() => ({ kind: 'not', expr: this.#unary() }));
    }
    return this.#primary();
  }

  #nested(parse: () => FilterNode): FilterNode {
    if (++this.#depth > maxDepth) throw syntax(this.#peek().pos, `nested more than ${maxDepth} levels deep`);
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  #primary(): FilterNode {
    const token = this.#next();
    if (token.kind === 'symbol' && token.text === '(') {
      const inner = this.#nested(() => this.#or());
      this.#expect(')', 'to close the "(" at position ' + token.pos);
      return inner;
    }
    if (token.kind !== 'word') throw syntax(token.pos, `expected a condition (like fault, service("name") or http.status = 500), found ${describe(token)}`);
    const word = token.text.toLowerCase();
    if (word === 'service' || word === 'edge') return this.#call(word);
    if (word === 'id') throw syntax(token.pos, 'id(...) is not supported by the local X-Ray; use service("name")');
    if (flags.includes(word)) {
      if (this.#isSymbol('=') || this.#isSymbol('!=')) {
        const op = this.#next().text;
        const value = this.#literal();
        if (typeof value !== 'boolean') throw syntax(token.pos, `${word} compares with true or false`);
        return { kind: 'flag', flag: word as Flag, value: op === '=' ? value : !value };
      }
      return { kind: 'flag', flag: word as Flag, value: true };
    }
    if (word === 'annotation' && this.#isSymbol('[')) {
      this.#next();
      const key = this.#next();
      if (key.kind !== 'word' && key.kind !== 'string') throw syntax(key.pos, 'expected an annotation key inside [ ]');
      this.#expect(']', 'after the annotation key');
      return this.#annotation(key.text);
    }
    if (word.startsWith('annotation.')) {
      const key = token.text.slice('annotation.'.length);
      if (key === '') throw syntax(token.pos, 'annotation. needs a key, e.g. annotation.userId = "x"');
      return this.#annotation(key);
    }
    if (stringFields.includes(word)) {
      const op = this.#operator();
      if (op === undefined) {
        if (word === 'group.name' || word === 'group.arn' || word === 'user') throw syntax(token.pos, `${word} needs a comparison, e.g. ${word} = "..."`);
        return { kind: 'present', field: word as StringField };
      }
      if (!stringOps.includes(op)) throw syntax(token.pos, `${word} is text: use =, !=, CONTAINS, BEGINSWITH or ENDSWITH`);
      const value = this.#literal();
      if (typeof value !== 'string') throw syntax(token.pos, `${word} compares with a quoted string`);
      return { kind: 'compare', field: word as StringField, op, value };
    }
    if (numberFields.includes(word)) {
      const op = this.#operator();
      if (op === undefined || !numberOps.includes(op)) throw syntax(token.pos, `${word} is a number: use =, !=, <, <=, > or >= and a number, e.g. ${word} > 1`);
      const value = this.#literal();
      if (typeof value !== 'number') throw syntax(token.pos, `${word} compares with a number, not ${JSON.stringify(value)}`);
      return { kind: 'compare', field: word as NumberField, op, value };
    }
    throw syntax(token.pos, `unknown keyword "${token.text}"`);
  }

  #annotation(key: string): FilterNode {
    const op = this.#operator();
    if (op === undefined) return { kind: 'annotation', key, op: undefined, value: undefined };
    return { kind: 'annotation', key, op, value: this.#literal() };
  }

  #call(word: 'service' | 'edge'): FilterNode {
    this.#expect('(', `after ${word}`);
    const first = this.#next();
    if (first.kind !== 'string') throw syntax(first.pos, `${word}() takes a quoted name, e.g. ${word === 'service' ? 'service("backend-flask")' : 'edge("a", "b")'}`);
    let second: Token | undefined;
    if (word === 'edge') {
      this.#expect(',', 'between the two names of edge()');
      second = this.#next();
      if (second.kind !== 'string') throw syntax(second.pos, 'edge() takes two quoted names');
    }
    this.#expect(')', `to close ${word}(`);
    let scoped: FilterNode | undefined;
    if (this.#isSymbol('{')) {
      const open = this.#next();
      scoped = this.#nested(() => this.#or());
      this.#expect('}', `to close the "{" at position ${open.pos}`);
    }
    return word === 'service' ? { kind: 'service', name: first.text, scoped } : { kind: 'edge', from: first.text, to: second?.text ?? '', scoped };
  }

  #operator(): Operator | undefined {
    const token = this.#peek();
    if (token.kind === 'symbol' && ['=', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.#next();
      return token.text as Operator;
    }
    if (token.kind === 'word' && ['contains', 'beginswith', 'endswith'].includes(token.text.toLowerCase())) {
      this.#next();
      return token.text.toLowerCase() as Operator;
    }
    return undefined;
  }

  #literal(): Literal {
    const token = this.#next();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word' && ['true', 'false'].includes(token.text.toLowerCase())) return token.text.toLowerCase() === 'true';
    throw syntax(token.pos, `expected a value (a quoted string, a number, true or false), found ${describe(token)}`);
  }

  #expect(symbol: string, why: string): void {
    const token = this.#next();
    if (token.kind !== 'symbol' || token.text !== symbol) throw syntax(token.pos, `expected "${symbol}" ${why}, found ${describe(token)}`);
  }

  #peek(): Token {
    return this.#tokens[this.#at] as Token;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'end') this.#at++;
    return token;
  }

  #isWord(word: string): boolean {
    const token = this.#peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  #isSymbol(symbol: string): boolean {
    const token = this.#peek();
    return token.kind === 'symbol' && token.text === symbol;
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  if (token.kind === 'string') return `the string ${JSON.stringify(token.text)}`;
  return `"${token.text}"`;
}

function syntax(pos: number, message: string): Error {
  return invalid(`Invalid filter expression at position ${pos}: ${message}`);
}
