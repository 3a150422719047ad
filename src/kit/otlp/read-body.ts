/**
 * Reads a request body with a hard size cap, before AND after gzip decompression (the spec requires both:
 * a few KiB of gzip can inflate to gigabytes).
 */
import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

export const defaultMaxBodyBytes = 16 * 1024 * 1024;

export class BodyError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = 'BodyError';
    this.status = status;
  }
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== '') {
    throw new BodyError(415, `unsupported Content-Encoding "${encoding}" (use gzip or none)`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyError(413, `body of ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  const raw = await readRaw(req, maxBytes);
  if (encoding === 'identity' || encoding === '') return raw;
  return await new Promise<Buffer>((resolve, reject) => {
    gunzip(raw, { maxOutputLength: maxBytes }, (error, result) => {
      if (error === null) resolve(result);
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') reject(new BodyError(413, `body inflates past the ${maxBytes}-byte limit`));
      else reject(new BodyError(400, `invalid gzip body: ${error.message}`));
    });
  });
}

function readRaw(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        cleanup();
        // Stop buffering; the caller answers 413 and closes the connection.
        req.pause();
        reject(new BodyError(413, `body is over the ${maxBytes}-byte limit`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onAborted = (): void => {
      cleanup();
      reject(new Error('client aborted the request'));
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
