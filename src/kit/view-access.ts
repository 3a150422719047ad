import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Who may read the local cloud's `/workshop/*` views (spans, segments, log events, Rollbar items: possibly the
 * learner's secrets). The cloud listens on loopback, but a web page on any site could still ask the browser to
 * fetch from it, and a DNS-rebinding page could even pose as same-origin. So: the Host header must name a
 * loopback host, and a cross-origin caller must be a loopback page or an origin listed in
 * `WORKSHOP_VIEW_ORIGINS` (comma-separated; the workshop page's origin when it differs).
 */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

export type ViewAccess = { ok: true; corsOrigin: string | undefined } | { ok: false; reason: string };

export function viewAccess(req: IncomingMessage, allowedOrigins: readonly string[] = configuredViewOrigins()): ViewAccess {
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host)) return { ok: false, reason: `Host "${host}" is not a loopback address` };
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true, corsOrigin: undefined };
  if (LOOPBACK_ORIGIN.test(origin) || allowedOrigins.includes(origin)) return { ok: true, corsOrigin: origin };
  return { ok: false, reason: `Origin "${origin}" may not read the local cloud` };
}

export function configuredViewOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['WORKSHOP_VIEW_ORIGINS'] ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
}

/** Applies the policy: answers 403 and returns false when refused; otherwise sets CORS headers for the caller. */
export function admitViewRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const access = viewAccess(req);
  if (!access.ok) {
    res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: `Forbidden: ${access.reason}` }));
    return false;
  }
  if (access.corsOrigin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', access.corsOrigin);
    res.setHeader('Vary', 'Origin');
  }
  return true;
}
