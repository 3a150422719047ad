/**
 * Value matchers for span attributes. A literal in `span({ attributes: { k: 3 } })` means "exactly 3, as a number":
 * the string "3" is reported as `wrong-type`, which is the mistake worth a specific hint.
 */
import type { AttrValue, DiffProblem, ValueMatcher, ValueVerdict } from './types.ts';

const ok: ValueVerdict = { ok: true };
const missing: ValueVerdict = { ok: false, problem: 'missing' };

function matcher(description: string, test: (value: AttrValue) => ValueVerdict): ValueMatcher {
  return {
    type: 'value-matcher',
    description,
    test: (value) => (value === undefined ? missing : test(value)),
  };
}

function bad(problem: DiffProblem): ValueVerdict {
  return { ok: false, problem };
}

export function isValueMatcher(value: unknown): value is ValueMatcher {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'value-matcher';
}

/** Exactly this value, of this type (arrays and maps compared deeply). */
export function equals(expected: AttrValue): ValueMatcher {
  return matcher(JSON.stringify(expected), (value) => {
    if (deepEqual(value, expected)) return ok;
    return bad(typeName(value) === typeName(expected) ? 'different' : 'wrong-type');
  });
}

/** Any value at all. */
export function present(): ValueMatcher {
  return matcher('any value', () => ok);
}

export function anyString(): ValueMatcher {
  return matcher('a string', (value) => (typeof value === 'string' ? ok : bad('wrong-type')));
}

export function anyNumber(): ValueMatcher {
  return matcher('a number', (value) => (typeof value === 'number' ? ok : bad('wrong-type')));
}

export function anyInteger(): ValueMatcher {
  return matcher('an integer', (value) => {
    if (typeof value !== 'number') return bad('wrong-type');
    return Number.isInteger(value) ? ok : bad('different');
  });
}

export function anyBoolean(): ValueMatcher {
  return matcher('a boolean', (value) => (typeof value === 'boolean' ? ok : bad('wrong-type')));
}

export function matching(pattern: RegExp): ValueMatcher {
  return matcher(`a string matching ${String(pattern)}`, (value) => {
    if (typeof value !== 'string') return bad('wrong-type');
    return pattern.test(value) ? ok : bad('different');
  });
}

export function oneOf(...choices: AttrValue[]): ValueMatcher {
  return matcher(`one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, (value) => {
    if (choices.some((c) => deepEqual(c, value))) return ok;
    return bad(choices.some((c) => typeName(c) === typeName(value)) ? 'different' : 'wrong-type');
  });
}

/**
 * An ISO 8601 date-time string: `new Date().toISOString()` in JS, `datetime.isoformat()` in Python
 * (which may have no zone and microseconds). A number (epoch ms) is `wrong-type`.
 */
export function isoString(): ValueMatcher {
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
  return matcher('an ISO 8601 timestamp string', (value) => {
    if (typeof value !== 'string') return bad('wrong-type');
    return iso.test(value) && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1'))) ? ok : bad('different');
  });
}

export function typeName(value: AttrValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'map' : typeof value;
}

function deepEqual(a: AttrValue, b: AttrValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i] as AttrValue));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k] as AttrValue, b[k] as AttrValue));
}
