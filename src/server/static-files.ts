/**
 * Serves the built site. Only files under `siteDir`; `index.html` for directories (Astro's default
 * `build.format: 'directory'`) and `<path>.html` for its `file` format; the site's own 404 page.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor, isHtml } from './content-types.ts';

export type CrossOriginIsolation = 'always' | 'on-request';

export interface StaticOptions {
  siteDir: string;
  crossOriginIsolation: CrossOriginIsolation;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

export function createStaticHandler(options: StaticOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const siteRoot = realpathOrSelf(path.resolve(options.siteDir));

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      return plain(res, 400, 'Bad request\n');
    }
    if (decoded.includes('\0')) return plain(res, 400, 'Bad request\n');

    const root = await siteRoot;
    // posix.normalize on an absolute path cannot climb above "/", so the join stays under root.
    const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
    const isolate = options.crossOriginIsolation === 'always' || url.searchParams.get('sandbox') === 'webcontainer';

    const found = await findFile(root, relative);
    if (found === 'redirect-to-slash') {
      res.writeHead(301, { location: `${url.pathname}/${url.search}`, 'cache-control': 'no-cache' });
      res.end();
      return;
    }
    if (found === null) {
      const notFound = await findFile(root, '404.html');
      if (notFound !== null && notFound !== 'redirect-to-slash') {
        return sendFile(req, res, notFound, 404, { isolate, immutable: false });
      }
      return plain(res, 404, 'Not found\n');
    }
    const immutable = relative.startsWith('_astro/');
    return sendFile(req, res, found, 200, { isolate, immutable });
  };
}

interface Found {
  file: string;
  stats: Stats;
}

async function findFile(root: string, relative: string): Promise<Found | 'redirect-to-slash' | null> {
  const target = path.join(root, relative);
  const direct = await statInside(root, target);
  if (direct?.stats.isFile()) return direct;
  if (direct?.stats.isDirectory()) {
    if (relative !== '' && !relative.endsWith('/')) return 'redirect-to-slash';
    const index = await statInside(root, path.join(target, 'index.html'));
    return index?.stats.isFile() ? index : null;
  }
  if (relative !== '' && !relative.endsWith('/') && path.extname(relative) === '') {
    const html = await statInside(root, `${target}.html`);
    if (html?.stats.isFile()) return html;
  }
  return null;
}

/** Stats a file only if its real path is inside the site, so a symlink in the build cannot leak files. */
async function statInside(root: string, file: string): Promise<Found | null> {
  try {
    const real = await realpath(file);
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return { file: real, stats: await stat(real) };
  } catch {
    return null;
  }
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  found: Found,
  status: number,
  options: { isolate: boolean; immutable: boolean },
): void {
  const type = contentTypeFor(found.file);
  const etag = `W/"${found.stats.size.toString(16)}-${Math.floor(found.stats.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'content-type': type,
    'cache-control': options.immutable ? IMMUTABLE : 'no-cache',
    etag,
    'last-modified': found.stats.mtime.toUTCString(),
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (isHtml(type)) {
    headers['referrer-policy'] = 'no-referrer';
    if (options.isolate) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      // credentialless (not require-corp) so third-party images and fonts in lessons still load.
      headers['cross-origin-embedder-policy'] = 'credentialless';
    }
  }
  if (status === 200 && isFresh(req, etag, found.stats.mtime)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['content-length'] = String(found.stats.size);
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function isFresh(req: IncomingMessage, etag: string, mtime: Date): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

function plain(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

async function realpathOrSelf(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    return dir;
  }
}
