// Cruddur frontend server: serves the static UI in public/ and forwards
// /api/* and /rollbar/* to the backend, so the browser only ever talks to
// this origin (a preview iframe works without any CORS set-up).
//
//   PORT                (default 3000)      where this server listens
//   HOST                (default 0.0.0.0)
//   BACKEND_URL         (default http://localhost:4567)  where the proxy sends API calls
//   BACKEND_PUBLIC_URL  (optional) if set, the page calls this origin directly
//                       instead of the proxy (cross-origin, e.g. for frontend tracing)
//   OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS
//                       where POST /v1/traces (spans from the page) is forwarded:
//                       this server plays the bootcamp's OpenTelemetry Collector,
//                       so an API key never reaches the browser
//
// Pages import the OpenTelemetry web SDK by name (an import map, see module-map.js).
// Plain Node, no framework: nothing here needs instrumenting.

const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');
const { buildModuleMap, isServableModule } = require('./module-map');

const APP_ROOT = path.join(__dirname, '..');
const PUBLIC_DIR = path.join(__dirname, 'public');
const CONFIG_MARKER = '<!-- CRUDDUR_CONFIG -->';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

// Headers that belong to one connection and must not be forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwardableHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

function isProxied(pathname) {
  return (
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname === '/rollbar' ||
    pathname.startsWith('/rollbar/')
  );
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function proxy(req, res, backendUrl, incoming) {
  // Only the path and query are taken from the request: the host is always the backend's.
  const target = new URL(incoming.pathname + incoming.search, backendUrl);
  const client = target.protocol === 'https:' ? https : http;
  const headers = forwardableHeaders(req.headers);
  headers.host = target.host;
  const remote = (req.socket.remoteAddress || '').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = req.headers['x-forwarded-for']
    ? `${req.headers['x-forwarded-for']}, ${remote}`
    : remote;
  if (!req.headers['x-forwarded-host'] && req.headers.host) {
    headers['x-forwarded-host'] = req.headers.host;
  }

  const upstream = client.request(
    target,
    { method: req.method, headers },
    (backendRes) => {
      res.writeHead(backendRes.statusCode, backendRes.statusMessage, forwardableHeaders(backendRes.headers));
      backendRes.pipe(res);
      backendRes.on('error', () => res.destroy());
    }
  );
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, 502, {
      error: 'bad_gateway',
      message: `The Cruddur backend at ${backendUrl} did not answer (${error.code || error.message}). Is it running?`,
    });
  });
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}

// JSON.stringify plus escaping "<" keeps a value from closing the script tag.
function scriptValue(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function renderIndex(backendPublicUrl, moduleMap) {
  const html = fs.readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
  const config = [];
  if (backendPublicUrl) {
    config.push(`<script>window.CRUDDUR_BACKEND_URL = ${scriptValue(backendPublicUrl)};</script>`);
  }
  // Like the React app's REACT_APP_OTEL_COLLECTOR_URL: where the page sends spans.
  // This server is that collector (POST /v1/traces), so it is the page's own origin.
  config.push('<script>window.CRUDDUR_OTEL_COLLECTOR_ENDPOINT = window.location.origin;</script>');
  config.push(`<script type="importmap">${scriptValue(moduleMap.importMap)}</script>`);
  return html.replace(CONFIG_MARKER, config.join('\n  '));
}

// GET /node_modules/...: the files of the import map's packages, nothing else.
function serveModule(req, res, pathname, moduleMap) {
  let file = null;
  try {
    file = path.join(APP_ROOT, path.normalize(decodeURIComponent(pathname)));
  } catch {
    file = null;
  }
  if (!file || !isServableModule(moduleMap, file) || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not Found\n');
    return;
  }
  fs.readFile(file, (error, body) => {
    if (error) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not Found\n');
      return;
    }
    // Installed packages do not change while the server runs; the browser may keep them.
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES['.js'],
      'Content-Length': body.length,
      'Cache-Control': 'max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

// OTEL_EXPORTER_OTLP_HEADERS is "key=value,key2=value2" (values URL-encoded), as the SDKs read it.
function parseOtlpHeaders(text) {
  const headers = {};
  for (const pair of (text || '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed pair is skipped, as the SDKs do.
    }
  }
  return headers;
}

function collectorTracesUrl(env) {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '') + '/v1/traces';
  return '';
}

// POST /v1/traces: the page's spans, forwarded with the collector's headers (the API key) added here.
function forwardToCollector(req, res, env) {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method Not Allowed\n');
    return;
  }
  const tracesUrl = collectorTracesUrl(env);
  if (!tracesUrl) {
    sendJson(res, 503, { error: 'no_collector', message: 'OTEL_EXPORTER_OTLP_ENDPOINT is not set for the frontend server.' });
    return;
  }
  const target = new URL(tracesUrl);
  const client = target.protocol === 'https:' ? https : http;
  const headers = { ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS) };
  for (const name of ['content-type', 'content-length', 'content-encoding']) {
    if (req.headers[name]) headers[name] = req.headers[name];
  }
  const upstream = client.request(target, { method: 'POST', headers }, (collectorRes) => {
    res.writeHead(collectorRes.statusCode, forwardableHeaders(collectorRes.headers));
    collectorRes.pipe(res);
    collectorRes.on('error', () => res.destroy());
  });
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // The collector's address is no secret, but its headers are: neither is echoed.
    sendJson(res, 502, { error: 'bad_gateway', message: `The collector did not answer (${error.code || error.message}).` });
  });
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}

function serveStatic(req, res, pathname, backendPublicUrl, moduleMap) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method Not Allowed\n');
    return;
  }
  let relative;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    relative = null;
  }
  if (relative === '/' || relative === '/index.html') {
    const body = renderIndex(backendPublicUrl, moduleMap);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES['.html'],
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const file = relative === null ? null : path.join(PUBLIC_DIR, path.normalize(relative));
  if (!file || !file.startsWith(PUBLIC_DIR + path.sep)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not Found\n');
    return;
  }
  fs.stat(file, (statError, stat) => {
    if (statError || !stat.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not Found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  });
}

function createFrontendServer({
  backendUrl = process.env.BACKEND_URL || 'http://localhost:4567',
  backendPublicUrl = process.env.BACKEND_PUBLIC_URL || '',
  env = process.env,
} = {}) {
  let moduleMap = null;
  // Built on first use, so the server starts at once; node_modules does not change under it.
  const modules = () => {
    if (moduleMap) return moduleMap;
    try {
      moduleMap = buildModuleMap(APP_ROOT);
    } catch (error) {
      // A broken node_modules must not take the page down; only imports by name fail.
      console.error('frontend: could not map node_modules for the browser:', error.message);
      moduleMap = { importMap: { imports: {}, scopes: {} }, packageDirs: [] };
    }
    return moduleMap;
  };
  return http.createServer((req, res) => {
    const incoming = new URL(req.url, 'http://frontend.invalid');
    if (isProxied(incoming.pathname)) {
      proxy(req, res, backendUrl, incoming);
    } else if (incoming.pathname === '/v1/traces') {
      forwardToCollector(req, res, env);
    } else if (incoming.pathname.startsWith('/node_modules/')) {
      serveModule(req, res, incoming.pathname, modules());
    } else {
      serveStatic(req, res, incoming.pathname, backendPublicUrl, modules());
    }
  });
}

module.exports = { createFrontendServer };

if (require.main === module) {
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '0.0.0.0';
  const server = createFrontendServer();
  server.listen(port, host, () => {
    const backendUrl = process.env.BACKEND_URL || 'http://localhost:4567';
    console.log(` * Cruddur frontend on http://${host}:${port} (API proxied to ${backendUrl})`);
  });
}
