/**
 * How occurrences become items, as Rollbar groups them by default: an explicit `data.fingerprint` wins (hashed
 * with SHA-1 when longer than 40 characters, as Rollbar does); else a trace's exception class + message (the
 * outermost error of a trace_chain); else the message text; else the crash report's first line.
 */
import { createHash } from 'node:crypto';
import type { BodyKind, RollbarData } from './validate.ts';
import { isObject } from './validate.ts';

export interface Grouping {
  /** 40 hex characters, or the explicit fingerprint when it is short enough. */
  fingerprint: string;
  title: string;
}

const maxTitle = 255;

export function groupingOf(data: RollbarData, kind: BodyKind): Grouping {
  const body = data.body;
  let key: string;
  let title: string;
  if (kind === 'trace' || kind === 'trace_chain') {
    const trace = kind === 'trace' ? body['trace'] : (body['trace_chain'] as unknown[])[0];
    const exception = isObject(trace) && isObject(trace['exception']) ? trace['exception'] : {};
    const cls = String(exception['class'] ?? 'Error');
    const message = typeof exception['message'] === 'string' ? exception['message'] : '';
    key = `exception\u0000${cls}\u0000${message}`;
    title = message === '' ? cls : `${cls}: ${message}`;
  } else if (kind === 'message') {
    const text = String((body['message'] as Record<string, unknown>)['body']);
    key = `message\u0000${text}`;
    title = text;
  } else {
    const raw = String((body['crash_report'] as Record<string, unknown>)['raw']);
    const first = raw.split('\n')[0] ?? '';
    key = `crash\u0000${first}`;
    title = first;
  }
  const explicitTitle = data['title'];
  if (typeof explicitTitle === 'string' && explicitTitle !== '') title = explicitTitle;
  const explicit = data['fingerprint'];
  const fingerprint =
    typeof explicit === 'string' && explicit !== '' ? (explicit.length > 40 ? sha1(explicit) : explicit) : sha1(key);
  return { fingerprint, title: oneLine(title).slice(0, maxTitle) };
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
