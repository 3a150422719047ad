// Cruddur frontend server: serves the static UI in public/ and forwards
// /api/* and /rollbar/* to the backend, so the browser only ever talks to
// this origin (a preview iframe works without any CORS set-up).
//
//   PORT                (default 3000)      where this server listens
//   HOST                (default 0.0.0.0)
//   BACKEND_URL         (default http://localhost:4567)  where the proxy sends API calls
//   BACKEND_PUBLIC_URL  (optional) if set, the page calls this origin directly
//                       instead of the proxy (cross-origin, e.g. for frontend tracing)
//
// Plain Node, no framework: nothing here needs instrumenting.

const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');

const PUBLIC_DIR = path.join(__dirname, 'public');
const CONFIG_MARKER = '<!-- CRUDDUR_CONFIG -->';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
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

function renderIndex(backendPublicUrl) {
  const html = fs.readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
  if (!backendPublicUrl) return html;
  // JSON.stringify plus escaping "<" keeps the value from closing the script tag.
  const value = JSON.stringify(backendPublicUrl).replace(/</g, '\\u003c');
  return html.replace(CONFIG_MARKER, `<script>window.CRUDDUR_BACKEND_URL = ${value};</script>`);
}

function serveStatic(req, res, pathname, backendPublicUrl) {
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
    const body = renderIndex(backendPublicUrl);
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
} = {}) {
  return http.createServer((req, res) => {
    const incoming = new URL(req.url, 'http://frontend.invalid');
    if (isProxied(incoming.pathname)) {
      proxy(req, res, backendUrl, incoming);
    } else {
      serveStatic(req, res, incoming.pathname, backendPublicUrl);
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
