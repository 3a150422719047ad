/**
 * Who may talk to the workshop server. It runs arbitrary code for whoever holds the token, so besides
 * the token it only answers requests that name it by a loopback host (defeats DNS rebinding: a
 * rebound evil.example still sends `Host: evil.example`) and, for the session and socket endpoints,
 * only requests a browser marks as coming from the server's own pages.
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase());
}

/** `Host` header values that name this server. */
export function allowedHostHeaders(port: number, extraHost?: string): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  if (extraHost && !isWildcard(extraHost)) names.push(formatHost(extraHost).toLowerCase());
  // Browsers drop the default port from Host and Origin.
  return new Set(names.flatMap((name) => (port === 80 ? [`${name}:80`, name] : [`${name}:${port}`])));
}

export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}

/** An Origin is ours when it is exactly `http://<allowed host>`: no other scheme, path or port. */
export function isAllowedOrigin(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && url.origin === origin.toLowerCase() && allowed.has(url.host);
}

/**
 * For plain HTTP requests browsers omit Origin on same-origin GETs, so absence is fine; what is
 * present must say same-origin. `Sec-Fetch-Site: none` is a user typing the URL.
 */
export function isSameOriginRequest(headers: IncomingHttpHeaders, allowed: ReadonlySet<string>): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = headers.origin;
  if (origin !== undefined && !isAllowedOrigin(origin, allowed)) return false;
  return true;
}

export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
