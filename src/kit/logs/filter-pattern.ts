/**
 * CloudWatch Logs filter patterns (FilterLogEvents' `filterPattern`, the views' `pattern=`), the subset a
 * learner meets first (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
 *
 *   ERROR                 every term must occur (case-sensitive substring)
 *   "Hello Cloudwatch!"   a quoted phrase is one term, spaces and punctuation included
 *   ?ERROR ?WARN          at least one of the `?` terms must occur
 *   ERROR -Exiting        no `-` term may occur
 *   %ER+OR%               a regular expression term
 *   { $.level = "error" } JSON patterns: see json-pattern.ts
 *
 * Space-delimited patterns (`[ip, user, ...]`) are refused with a clear message rather than half-implemented.
 */
import { compileJsonPattern } from './json-pattern.ts';
import { FilterPatternError } from './pattern-error.ts';

export { FilterPatternError };
export type MessageMatcher = (message: string) => boolean;

const maxPatternLength = 1024;
const maxRegexLength = 250;

export function compileFilterPattern(pattern: string | undefined | null): MessageMatcher {
  const text = (pattern ?? '').trim();
  if (text === '' || text === '""') return () => true;
  if (text.length > maxPatternLength) throw new FilterPatternError(`Invalid filter pattern: longer than ${maxPatternLength} characters`);
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw new FilterPatternError('Invalid filter pattern: space-delimited patterns ([w1, w2, ...]) are not supported by the workshop stand-in; use terms or a JSON pattern');
  return compileTerms(text);
}

type Term = (message: string) => boolean;

function compileTerms(text: string): MessageMatcher {
  const required: Term[] = [];
  const anyOf: Term[] = [];
  const excluded: Term[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? '')) {
      i += 1;
      continue;
    }
    let bucket = required;
    if (text[i] === '?') {
      bucket = anyOf;
      i += 1;
    } else if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1] ?? '')) {
      bucket = excluded;
      i += 1;
    }
    if (i >= text.length || /\s/.test(text[i] ?? '')) throw new FilterPatternError(`Invalid filter pattern: "${text[i - 1] ?? ''}" must be followed by a term`);
    const { term, end } = readTerm(text, i);
    bucket.push(term);
    i = end;
  }
  return (message) => required.every((t) => t(message)) && (anyOf.length === 0 || anyOf.some((t) => t(message))) && !excluded.some((t) => t(message));
}

function readTerm(text: string, start: number): { term: Term; end: number } {
  if (text[start] === '"') {
    let phrase = '';
    let i = start + 1;
    while (i < text.length && text[i] !== '"') {
      // A backslash escapes a quote inside a phrase.
      if (text[i] === '\\' && text[i + 1] === '"') i += 1;
      phrase += text[i];
      i += 1;
    }
    if (i >= text.length) throw new FilterPatternError(`Invalid filter pattern: unterminated quoted phrase starting at character ${start + 1}`);
    return { term: (message) => message.includes(phrase), end: i + 1 };
  }
  if (text[start] === '%') {
    const close = text.indexOf('%', start + 1);
    if (close < 0) throw new FilterPatternError(`Invalid filter pattern: unterminated %regex% starting at character ${start + 1}`);
    const source = text.slice(start + 1, close);
    if (source.length > maxRegexLength) throw new FilterPatternError(`Invalid filter pattern: regular expressions are limited to ${maxRegexLength} characters`);
    let regex: RegExp;
    try {
      regex = new RegExp(source);
    } catch (error) {
      throw new FilterPatternError(`Invalid filter pattern: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { term: (message) => regex.test(message), end: close + 1 };
  }
  let i = start;
  while (i < text.length && !/\s/.test(text[i] ?? '')) i += 1;
  const word = text.slice(start, i);
  return { term: (message) => message.includes(word), end: i };
}
