/**
 * A browser-free run of the Cruddur page, for the checks of "Trace the frontend". A check cannot open a browser,
 * so this Node program (run with `node --input-type=module -e`, from the sandbox root) does what the browser does
 * with the learner's page, with the few browser pieces the web SDK needs:
 *
 * - reads frontend/public/index.html and runs its module scripts in the browser's order (classic scripts first,
 *   during parsing; module scripts after, in document order) up to app.js, as ES modules resolved with the
 *   browser's package conditions (the SDK's browser code: fetch transport, browser BatchSpanProcessor);
 * - then makes app.js's first request, GET <backend>/api/activities/home, through `fetch`, which the learner's
 *   FetchInstrumentation may have wrapped;
 * - its `fetch` keeps the browser's CORS rules: a cross-origin request with a non-safelisted header (traceparent)
 *   is preflighted, and blocked ("Failed to fetch") unless the answer allows the origin and the headers;
 * - flushes the registered tracer provider and prints one JSON report line.
 *
 * The page lives at the backend's FRONTEND_URL, calls the backend directly (cross-origin, as the React app did)
 * and sends spans to the run's own OTLP receiver, which is what `window.CRUDDUR_OTEL_COLLECTOR_ENDPOINT` says.
 */

/** What the harness prints (one JSON line on stdout, prefixed so stray output cannot be mistaken for it). */
export interface PageReport {
  /** Every script of index.html in the order the browser runs them. */
  scripts: { src: string; module: boolean }[];
  /** The module scripts that ran before app.js. */
  loaded: string[];
  /** A module script that threw while loading (message and where). */
  loadError?: string;
  appScript: 'missing' | 'classic' | 'module';
  feed?: { status: number; count: number } | { error: string };
  requests: { method: string; url: string; traceparent?: string; blocked?: string; status?: number }[];
  /** "ok", "no-provider" (nothing registered with trace.setGlobalTracerProvider), or the flush error. */
  flush: string;
}

export const REPORT_PREFIX = 'CRUDDUR_PAGE_REPORT ';

export const PAGE_HARNESS = String.raw`
import { registerHooks } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const config = JSON.parse(process.env.CRUDDUR_PAGE_CONFIG);
const publicDir = resolve('frontend', 'public');
const publicUrl = pathToFileURL(publicDir + '/').href;
const report = { scripts: [], loaded: [], appScript: 'missing', requests: [], flush: 'not-run' };
const print = () => process.stdout.write('\n' + ${JSON.stringify(REPORT_PREFIX)} + JSON.stringify(report) + '\n');

// The browser's package conditions, so "#platform" imports pick the SDK's browser code. Files of the page are
// ES modules whatever package.json says (the browser never reads it).
registerHooks({
  resolve(specifier, context, nextResolve) {
    return nextResolve(specifier, { ...context, conditions: ['browser', 'import', 'module', 'default'] });
  },
  load(url, context, nextLoad) {
    if (url.startsWith(publicUrl) && url.endsWith('.js')) return nextLoad(url, { ...context, format: 'module' });
    return nextLoad(url, context);
  },
});

// ---- the browser pieces the page and the SDK read ---------------------------------------------
const pageUrl = new URL('/', config.pageOrigin);
globalThis.window = globalThis;
globalThis.location = pageUrl;
window.CRUDDUR_BACKEND_URL = config.backendUrl;
window.CRUDDUR_OTEL_COLLECTOR_ENDPOINT = config.collectorEndpoint;

const nodeFetch = globalThis.fetch;
const SAFE_HEADERS = new Set(['accept', 'accept-language', 'content-language']);
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

function unsafeHeaderNames(headers) {
  const names = [];
  for (const [name, value] of headers) {
    if (SAFE_HEADERS.has(name)) continue;
    if (name === 'content-type' && SIMPLE_TYPES.has(value.split(';')[0].trim().toLowerCase())) continue;
    names.push(name);
  }
  return names.sort();
}

function listHas(list, wanted) {
  const items = (list || '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
  return items.includes('*') || items.includes(wanted.toLowerCase());
}

// fetch as a page at pageOrigin sees it: relative URLs, Origin, preflight, and the CORS verdict.
globalThis.fetch = async function browserFetch(input, init) {
  const request = new Request(new URL(input instanceof Request ? input.url : String(input), pageUrl), input instanceof Request ? input : init);
  const url = new URL(request.url);
  const record = { method: request.method, url: url.href };
  const traceparent = request.headers.get('traceparent');
  if (traceparent) record.traceparent = traceparent;
  report.requests.push(record);
  const headers = new Headers(request.headers);
  const crossOrigin = url.origin !== pageUrl.origin;
  if (crossOrigin) {
    headers.set('origin', pageUrl.origin);
    const unsafe = unsafeHeaderNames(request.headers);
    const simpleMethod = ['GET', 'HEAD', 'POST'].includes(request.method);
    if (unsafe.length > 0 || !simpleMethod) {
      const preflightHeaders = { origin: pageUrl.origin, 'access-control-request-method': request.method };
      if (unsafe.length > 0) preflightHeaders['access-control-request-headers'] = unsafe.join(',');
      let answer;
      try {
        answer = await nodeFetch(url, { method: 'OPTIONS', headers: preflightHeaders });
      } catch (error) {
        record.blocked = 'preflight request failed: ' + error.message;
        throw new TypeError('Failed to fetch');
      }
      const allowOrigin = answer.headers.get('access-control-allow-origin');
      const allowHeaders = answer.headers.get('access-control-allow-headers');
      const missing = unsafe.filter((name) => !listHas(allowHeaders, name));
      if (answer.status < 200 || answer.status > 299) record.blocked = 'preflight answered ' + answer.status;
      else if (allowOrigin !== '*' && allowOrigin !== pageUrl.origin) record.blocked = 'preflight allowed origin ' + JSON.stringify(allowOrigin) + ', not ' + pageUrl.origin;
      else if (missing.length > 0) record.blocked = 'preflight did not allow the header(s) ' + missing.join(', ') + ' (Access-Control-Allow-Headers: ' + JSON.stringify(allowHeaders) + ')';
      else if (!simpleMethod && !listHas(answer.headers.get('access-control-allow-methods'), request.method)) record.blocked = 'preflight did not allow ' + request.method;
      if (record.blocked) throw new TypeError('Failed to fetch');
    }
  }
  let response;
  try {
    const body = request.body === null ? undefined : await request.arrayBuffer();
    response = await nodeFetch(url, { method: request.method, headers, body });
  } catch (error) {
    record.blocked = 'request failed: ' + error.message;
    throw new TypeError('Failed to fetch');
  }
  record.status = response.status;
  if (crossOrigin) {
    const allowOrigin = response.headers.get('access-control-allow-origin');
    if (allowOrigin !== '*' && allowOrigin !== pageUrl.origin) {
      record.blocked = 'response allowed origin ' + JSON.stringify(allowOrigin) + ', not ' + pageUrl.origin;
      throw new TypeError('Failed to fetch');
    }
  }
  return response;
};

// ---- the page's scripts, in the order a browser runs them ----------------------------------------
const html = readFileSync(join(publicDir, 'index.html'), 'utf8');
const classic = [];
const modules = [];
for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
  const attributes = match[1];
  const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
  if (!src) continue;
  const isModule = /\btype\s*=\s*["']?module["']?/i.test(attributes);
  (isModule ? modules : classic).push({ src, module: isModule });
}
report.scripts = [...classic, ...modules];
const pathOf = (src) => new URL(src, pageUrl).pathname;
const appIndex = report.scripts.findIndex((script) => pathOf(script.src) === '/app.js');
if (appIndex >= 0) report.appScript = report.scripts[appIndex].module ? 'module' : 'classic';

try {
  for (const script of report.scripts.slice(0, appIndex >= 0 ? appIndex : report.scripts.length)) {
    if (!script.module) continue;
    const file = join(publicDir, pathOf(script.src));
    if (!file.startsWith(publicDir) || !existsSync(file)) {
      report.loadError = script.src + ': no such file in frontend/public (the browser gets a 404)';
      break;
    }
    await import(pathToFileURL(file).href);
    report.loaded.push(script.src);
  }
} catch (error) {
  const where = (error && error.stack ? String(error.stack).split('\n').find((line) => line.includes('frontend/public')) : '') || '';
  report.loadError = String(error && error.message ? error.message : error) + (where ? ' (' + where.trim() + ')' : '');
}

// ---- app.js's first request: the home feed ------------------------------------------------------
if (!report.loadError) {
  try {
    const res = await fetch(window.CRUDDUR_BACKEND_URL + '/api/activities/home');
    const data = await res.json();
    report.feed = { status: res.status, count: Array.isArray(data) ? data.length : -1 };
  } catch (error) {
    report.feed = { error: String(error && error.message ? error.message : error) };
  }
}

// FetchInstrumentation ends its span 300 ms after the body is read (waiting for resource timings).
await new Promise((done) => setTimeout(done, 450));
try {
  // The API keeps its registrations on globalThis, so this copy sees what the page registered.
  const api = await import('@opentelemetry/api');
  const global = api.trace.getTracerProvider();
  const provider = typeof global.getDelegate === 'function' ? global.getDelegate() : global;
  if (typeof provider.forceFlush !== 'function') report.flush = 'no-provider';
  else {
    await Promise.race([provider.forceFlush(), new Promise((_, fail) => setTimeout(() => fail(new Error('flush timed out after 3 s')), 3000))]);
    report.flush = 'ok';
  }
} catch (error) {
  report.flush = String(error && error.message ? error.message : error);
}
print();
process.exit(0);
`;
