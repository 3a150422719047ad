/**
 * HTTP requests to the app under test, with a deadline. Every way a request can go wrong becomes a CheckAbort
 * with a learner-facing reason: the handler hangs (request-timeout), the app dies (app-exited), the connection
 * is refused or reset (request-failed).
 */
import { request as httpRequest } from 'node:http';
import type { AppResponse, RequestOptions } from '../../checks/types.ts';
import type { AppProcess } from './app-process.ts';
import { CheckAbort } from './check-abort.ts';

const maxBodyChars = 1024 * 1024;
export const defaultRequestTimeoutMs = 2000;

export interface AppTarget {
  host: string;
  port: number;
  app: AppProcess;
}

export async function requestApp(
  target: AppTarget,
  method: string,
  path: string,
  body: unknown,
  options: RequestOptions & { signal?: AbortSignal } = {},
): Promise<AppResponse> {
  const label = `${method.toUpperCase()} ${path}`;
  const timeoutMs = options.timeoutMs ?? defaultRequestTimeoutMs;
  if (target.app.exitCode() !== undefined) throw appExited(target.app, label);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= typeof body === 'string' ? 'text/plain' : 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  const started = performance.now();
  try {
    return await new Promise<AppResponse>((resolve, reject) => {
      const req = httpRequest({ host: target.host, port: target.port, method: method.toUpperCase(), path, headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < maxBodyChars) text += chunk;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: text, json: parseJson(text, res.headers['content-type']), durationMs: Math.round(performance.now() - started) });
        });
        res.on('error', reject);
      });
      const timer = setTimeout(() => {
        req.destroy(new CheckAbort('learner', 'request-timeout', `${label} did not answer within ${timeoutMs} ms: the handler may never send a response (a missing res.json/res.send?) or be stuck in a loop.`));
      }, timeoutMs);
      const onAbort = (): void => {
        req.destroy(new CheckAbort('timeout', 'check-timeout', `${label} was cut off by the check's deadline`));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      req.on('close', () => options.signal?.removeEventListener('abort', onAbort));
      req.end(payload);
    });
  } catch (error) {
    if (error instanceof CheckAbort) throw error;
    // A dying app resets the connection a moment before its exit is reported: give the exit a chance to land.
    await Promise.race([target.app.exited, new Promise((resolve) => setTimeout(resolve, 200))]);
    if (target.app.exitCode() !== undefined) throw appExited(target.app, label);
    const message = error instanceof Error ? error.message : String(error);
    throw new CheckAbort('learner', 'request-failed', `${label} failed: ${message}. The app is still running but did not answer properly.`);
  }
}

function appExited(app: AppProcess, label: string): CheckAbort {
  return new CheckAbort('learner', 'app-exited', `The app exited (code ${app.exitCode() ?? '?'}) before ${label} could be answered; a fresh app must keep running.`, { appOutput: app.output(4000) });
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!/json/i.test(contentType ?? '') && !/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
