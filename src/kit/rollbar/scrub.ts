/**
 * The access token must never be stored or served back: this copies a payload without any `access_token` /
 * `accessToken` member and with the token's text replaced wherever it appears (a learner may log it, or send it
 * as a request header that rollbar.js reports). Depth-limited so a hostile payload cannot blow the stack.
 */
const tokenKeys = new Set(['access_token', 'accesstoken', 'x-rollbar-access-token']);
const maxDepth = 64;
export const redacted = '[redacted]';

export function scrubToken(value: unknown, token: string | undefined): unknown {
  return walk(value, token !== undefined && token.length >= 4 ? token : undefined, 0);
}

function walk(value: unknown, token: string | undefined, depth: number): unknown {
  if (typeof value === 'string') return token !== undefined && value.includes(token) ? value.split(token).join(redacted) : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => walk(v, token, depth + 1));
  const entries: [string, unknown][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (tokenKeys.has(key.toLowerCase())) continue;
    entries.push([token !== undefined && key.includes(token) ? key.split(token).join(redacted) : key, walk(v, token, depth + 1)]);
  }
  // fromEntries defines properties, so a "__proto__" key from JSON stays data and never becomes a prototype.
  return Object.fromEntries(entries);
}

/** What may be shown about a token: its last 4 characters, and only when it is long enough for that to be safe. */
export function tokenHint(token: string): string {
  return token.length >= 16 ? `tok_…${token.slice(-4)}` : 'tok_…';
}
